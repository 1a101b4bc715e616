/**
 * Names validated once, at construction: domain names, user names, host names. After parsing, code takes these types, not strings.
 */
@NullMarked
package org.vqpop.address;

import org.jspecify.annotations.NullMarked;
