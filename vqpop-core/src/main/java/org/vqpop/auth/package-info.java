/**
 * What a login presents and what checking it yields: {@link org.vqpop.auth.Credentials} and
 * {@link org.vqpop.auth.AuthResult}. Value types only; the chain that checks them (APOP secret,
 * POP password, system account) is built behind a backend interface elsewhere.
 */
@NullMarked
package org.vqpop.auth;

import org.jspecify.annotations.NullMarked;
