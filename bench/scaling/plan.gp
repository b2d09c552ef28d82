# Time against input size for plan.sh; log-log, with a line of slope 1
# (linear growth) through the smallest point for comparison.
# gnuplot -e "datafile='...'; outfile='...'" bench/scaling/plan.gp
set terminal pngcairo size 720,480 font ",10"
set output outfile
set title "drill plan -n 5 with a large bank added"
set xlabel "questions in the added bank"
set ylabel "wall time (s), mean of hyperfine runs"
set logscale xy
set grid
set key top left
stats datafile using 1:2 nooutput
x0 = STATS_min_x
y0 = STATS_min_y
plot datafile using 1:2:3 with yerrorlines title "drill", \
     y0 * x / x0 with lines dashtype 2 title "linear"
