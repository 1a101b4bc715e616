/**
 * The data generator of {@code bench/run}: a vqpop mail home made with vqpop's own commands, and
 * realistic message files written straight into the users' Maildirs, all deterministic from a
 * seed.
 */
@NullMarked
package org.vqpop.bench.gen;

import org.jspecify.annotations.NullMarked;
