# Time against input size for bank.sh; log-log, with a line of slope 1
# (linear growth) through the smallest point for comparison.
# gnuplot -e "datafile='...'; outfile='...'" bench/scaling/bank.gp
set terminal pngcairo size 720,480 font ",10"
set output outfile
set title "Load and validate a bank"
set xlabel "questions in the bank"
set ylabel "wall time (s), mean of hyperfine runs"
set logscale xy
set grid
set key top left
stats datafile using 1:2 nooutput
x0 = STATS_min_x
y0 = STATS_min_y
datafile2 = datafile[1:strlen(datafile)-4] . "-python.dat"
plot datafile using 1:2:3 with yerrorlines title "drill bank validate", \
     datafile2 using 1:2 with linespoints title "python3 json.load, same file", \
     y0 * x / x0 with lines dashtype 2 title "linear"
