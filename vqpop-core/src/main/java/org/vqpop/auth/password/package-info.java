/**
 * Password hashing and verification for mailbox users: creates argon2id (the default), bcrypt,
 * SHA-crypt and, where the system's libxcrypt is present, yescrypt hashes, and verifies every
 * crypt(5) string a migrated user database may hold, including Dovecot's {@code {SCHEME}}
 * prefixes. Outcomes are values ({@link org.vqpop.auth.password.Verification}); passwords are
 * byte arrays so callers can zero them, and are never logged or put into messages.
 */
@NullMarked
package org.vqpop.auth.password;

import org.jspecify.annotations.NullMarked;
