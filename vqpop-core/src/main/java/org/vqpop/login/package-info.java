/**
 * Logging in to a virtual POP domain, assembled: the domain table, the login resolver, the user
 * directory and the auth chain behind one {@link org.vqpop.login.LoginService}, and the {@link
 * org.vqpop.pop3.Pop3BackendFactory} the server hands to the POP3 engine. {@code chkpoppass} uses
 * the same service.
 */
@NullMarked
package org.vqpop.login;

import org.jspecify.annotations.NullMarked;
