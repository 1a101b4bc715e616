/**
 * The load client of {@code bench/run}: its own small POP3 and LMTP clients on blocking sockets
 * and platform threads, one workload per class, results as JSON lines on standard output with the
 * client's own CPU time beside the servers'. Run as
 * {@code java -cp benchmarks.jar org.vqpop.bench.load.Main WORKLOAD --option value ...}.
 */
@NullMarked
package org.vqpop.bench.load;

import org.jspecify.annotations.NullMarked;
