set terminal pngcairo size 960,540 font 'DejaVu Sans,10'
set output 'throughput.png'
set title "W1 logins/s, W2 MB/s, W6 messages/s: vqpop / Dovecot (steady state; points: the goal)\n{/*0.8 quick run 2026-12-02, 1 round, small sizes: checks the harness, not results}" enhanced
set key top left
set grid ytics
$d << EOD
"W1 apop c=16" 1.448 3.000
"W1 pass c=16" 58.06 NaN
"W2 users=1" 0.7187 2.000
"W2 users=8" 2.253 2.000
"W6 conns=1 size=100k" 2.559 2.000
"W6 conns=1 size=10k" 5.628 2.000
"W6 conns=8 size=100k" 1.311 2.000
"W6 conns=8 size=10k" 1.049 2.000
EOD
set style fill solid 0.85 border -1
set boxwidth 0.6
set logscale y
set yrange [0.1:*]
set xtics rotate by -30
set key top right
set ylabel 'vqpop / Dovecot (log scale)'
plot $d using 0:2:xtic(1) with boxes title 'vqpop / Dovecot' lc rgb '#3182bd', '' using 0:3 with points pt 9 ps 2 lc rgb '#000000' title 'goal', 1 with lines dt 2 lc rgb '#555555' title 'equal'
