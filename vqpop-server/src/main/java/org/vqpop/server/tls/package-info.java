/**
 * TLS for POP3S and STLS: PEM certificates and keys (PKCS#8, PKCS#1, SEC1), a key manager that chooses the certificate by SNI, reloading when the files change, and a self-signed certificate for demos. TLS 1.2 and 1.3 only.
 */
@NullMarked
package org.vqpop.server.tls;

import org.jspecify.annotations.NullMarked;
