set terminal pngcairo size 960,540 font 'DejaVu Sans,10'
set output 'w4.png'
set title "W4: memory per idle authenticated session (MB, log scale): whole server / N, and growth over the idle server / N\n{/*0.8 quick run 2026-12-02, 1 round, small sizes: checks the harness, not results}" enhanced
set key top left
set grid ytics
$d << EOD
100 1.315 0.9241 1.506 5.937 0.2092 0.7904
300 0.4566 0.7443 0.5216 5.290 0.08905 0.6999
EOD
set logscale y
set xlabel 'idle sessions N'
set ylabel 'MB per session'
set key outside bottom center horizontal maxrows 3
plot $d using 1:2 with linespoints title 'vqpop PSS total/N' lc rgb '#08519c' pt 7, '' using 1:3 with linespoints title 'Dovecot PSS total/N' lc rgb '#a50f15' pt 7, '' using 1:4 with linespoints title 'vqpop RSS total/N' lc rgb '#3182bd' dt 2 pt 6, '' using 1:5 with linespoints title 'Dovecot RSS total/N' lc rgb '#de2d26' dt 2 pt 6, '' using 1:6 with linespoints title 'vqpop PSS delta/N' lc rgb '#9ecae1' dt 3 pt 4, '' using 1:7 with linespoints title 'Dovecot PSS delta/N' lc rgb '#fc9272' dt 3 pt 4
