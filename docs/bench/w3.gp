set terminal pngcairo size 960,540 font 'DejaVu Sans,10'
set output 'w3.png'
set title "W3: login, STAT, LIST, UIDL of 5,000 messages, by who named them (ms, log scale)\n{/*0.8 quick run 2026-12-02, 1 round, small sizes: checks the harness, not results}" enhanced
set key top left
set grid ytics
$d << EOD
qmail 6933 1970 2739 2820 610.3 289.0
postfix 4966 2164 1859 2463 336.5 298.4
dovecot 4515 766.1 761.8 795.8 185.3 292.2
vqpop 5093 521.9 763.6 577.4 221.3 423.7
mix 6603 1837 1862 2009 431.5 216.5
EOD
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.85 border -1
set logscale y
set ylabel 'ms to the end of UIDL'
set key outside bottom center horizontal maxrows 2
plot $d using 2:xtic(1) title 'vqpop first after start' lc rgb '#08519c', '' using 3 title 'Dovecot first after start' lc rgb '#a50f15', '' using 4 title 'vqpop cold' lc rgb '#3182bd', '' using 5 title 'Dovecot cold' lc rgb '#de2d26', '' using 6 title 'vqpop warm' lc rgb '#9ecae1', '' using 7 title 'Dovecot warm' lc rgb '#fc9272'
