/**
 * The system account database ({@code /etc/passwd}, {@code /etc/shadow}) and the process's own
 * credentials; the only code that reads those files or changes user ids.
 */
@NullMarked
package org.vqpop.auth.system;

import org.jspecify.annotations.NullMarked;
