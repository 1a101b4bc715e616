set terminal pngcairo size 960,540 font 'DejaVu Sans,10'
set output 'w1-first-minute.png'
set title "W1: logins completed in each second after a fresh start (16 clients, USER/PASS, STAT, QUIT)\nlistening 8.32 s (vqpop) and 0.240 s (Dovecot) after the start\n{/*0.8 quick run 2026-12-02, 1 round, small sizes: checks the harness, not results}" enhanced
set key top left
set grid ytics
$d << EOD
1 0 0
2 0 2
3 0 11
4 0 7
5 0 14
6 2 8
7 3 7
8 1 15
9 27 15
10 5 12
EOD
set xlabel 'second after the server listens'
set ylabel 'sessions in that second'
set yrange [0:*]
plot $d using 1:2 with linespoints title 'vqpop' lc rgb '#3182bd', '' using 1:3 with linespoints title 'Dovecot' lc rgb '#de2d26'
