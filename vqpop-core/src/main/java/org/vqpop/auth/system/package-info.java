/**
 * The system account database ({@code /etc/passwd}); the only code that reads it.
 */
@NullMarked
package org.vqpop.auth.system;

import org.jspecify.annotations.NullMarked;
