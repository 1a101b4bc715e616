/**
 * Virtual POP domains: the {@code virtualpopdomains} file ({@code domain:hostname:domaindirectory:prefix}) and its model.
 */
@NullMarked
package org.vqpop.domain;

import org.jspecify.annotations.NullMarked;
