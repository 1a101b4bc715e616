/**
 * The real implementations of name-service seams ({@link org.vqpop.domain.HostAddresses}, the
 * host name); the only core package besides the file-system ones that may touch {@code java.net}.
 */
@NullMarked
package org.vqpop.net;

import org.jspecify.annotations.NullMarked;
