/**
 * Logins: what a client presents ({@link org.vqpop.auth.Credentials}), the seed's chain of
 * sources that checks it ({@link org.vqpop.auth.AuthChain}: APOP secret, POP password, system
 * account, RPOP) and the verdict ({@link org.vqpop.auth.AuthResult}, whose success carries a
 * {@link org.vqpop.auth.LoginIdentity}). No sockets: the connection facts come in as values.
 */
@NullMarked
package org.vqpop.auth;

import org.jspecify.annotations.NullMarked;
