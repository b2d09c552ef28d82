# Time against history size, from bench/scaling/history.sh:
#   gnuplot bench/scaling/history.gp
# reads build-bench/scaling/history.dat (or DAT=... via -e) and writes
# docs/img/history-scaling.png.
if (!exists("DAT")) DAT = "build-bench/scaling/history.dat"
if (!exists("OUT")) OUT = "docs/img/history-scaling.png"

if (strstrt(GPVAL_TERMINALS, "pngcairo") > 0) {
  set terminal pngcairo size 800,500 font ",10"
} else {
  set terminal png size 800,500
}
set output OUT
set title "drill: time against the number of recorded answers (hyperfine mean, error bars: one standard deviation)"
set xlabel "answers in the history"
set ylabel "wall-clock time (ms)"
set logscale x 10
set logscale y 10
set format x "10^{%L}"
set xrange [5000:2000000]
set yrange [0.5:2000]
set grid
set key top left
plot DAT using 1:2:3 with yerrorlines lw 2 title "drill stats", \
     "" using 1:4:5 with yerrorlines lw 2 title "session to its first question", \
     "" using 1:6:7 with yerrorlines lw 2 title "drill plan --due", \
     "" using 1:8:9 with yerrorlines lw 1 dt 2 title "session without history (--no-history)", \
     500 with lines dt 3 lc rgb "red" title "stats target at 1M (500 ms)", \
     200 with lines dt 3 lc rgb "orange" title "stats target at 100k (200 ms)", \
     20 with lines dt 3 lc rgb "gray" title "session start target at 100k (20 ms)"
