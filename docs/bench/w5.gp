set terminal pngcairo size 960,540 font 'DejaVu Sans,10'
set output 'w5.png'
set title "W5: DELE of every second message of 1000, then QUIT (ms), by who named them\n{/*0.8 quick run 2026-12-02, 1 round, small sizes: checks the harness, not results}" enhanced
set key top left
set grid ytics
$d << EOD
qmail 181.2 76.79
postfix 26.91 55.53
dovecot 58.67 234.6
vqpop 24.22 108.6
mix 17.95 8.588
EOD
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.85 border -1
set yrange [0:*]
set ylabel 'ms for the DELEs and QUIT'
plot $d using 2:xtic(1) title 'vqpop' lc rgb '#3182bd', '' using 3 title 'Dovecot' lc rgb '#de2d26'
