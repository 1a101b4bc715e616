/**
 * Reading and writing D. J. Bernstein's cdb constant databases ({@code cdb.txt}; tinycdb's
 * {@code cdb(5)}), the file format qmail uses for {@code users/cdb} and vqpop for its user and
 * domain maps. A database is built once by {@link org.vqpop.cdb.CdbWriter} into a temporary file
 * and renamed into place, then read many times, without locks, by {@link org.vqpop.cdb.CdbReader}.
 * Files are byte-compatible with djb's {@code cdbmake}, tinycdb's {@code cdb} and Perl's
 * {@code CDB_File}.
 */
@NullMarked
package org.vqpop.cdb;

import org.jspecify.annotations.NullMarked;
