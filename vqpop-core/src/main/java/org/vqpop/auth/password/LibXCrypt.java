package org.vqpop.auth.password;

import com.sun.jna.Function;
import com.sun.jna.Memory;
import com.sun.jna.NativeLibrary;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The system's libxcrypt ({@code libcrypt.so.1}), called through JNA for the schemes no Java
 * library implements: yescrypt ({@code $y$}, Debian's default), gost-yescrypt, scrypt, SunMD5,
 * bsdicrypt and the rest crypt(5) lists. Only the reentrant calls are used, each with its own
 * {@code struct crypt_data} sized buffer, so calls from many threads do not share state.
 */
final class LibXCrypt {

  /** {@code sizeof(struct crypt_data)} in libxcrypt's crypt.h. */
  private static final int CRYPT_DATA_SIZE = 32768;
  /** {@code CRYPT_GENSALT_OUTPUT_SIZE} in libxcrypt's crypt.h. */
  private static final int GENSALT_OUTPUT_SIZE = 192;
  /**
   * libxcrypt's CRYPT_MAX_PASSPHRASE_SIZE is 512 including the NUL: it refuses longer
   * passphrases outright, so no libxcrypt hash is of a password longer than this.
   */
  static final int MAX_PASSWORD_BYTES = 511;
  /** Random bytes handed to crypt_gensalt_rn; yescrypt turns 16 of them into its salt. */
  static final int GENSALT_RANDOM_BYTES = 16;

  private static final class SystemLibrary {
    static final Optional<LibXCrypt> INSTANCE = load("libcrypt.so.1");
  }

  private final Function cryptRn;
  private final Function gensaltRn;

  private LibXCrypt(Function cryptRn, Function gensaltRn) {
    this.cryptRn = cryptRn;
    this.gensaltRn = gensaltRn;
  }

  /** The system's libxcrypt, loaded on first use; empty if it or its reentrant API is missing. */
  static Optional<LibXCrypt> system() {
    return SystemLibrary.INSTANCE;
  }

  /** Loads the library {@code name}; empty when it cannot be loaded or lacks crypt_rn. */
  static Optional<LibXCrypt> load(String name) {
    try {
      NativeLibrary library = NativeLibrary.getInstance(name);
      return Optional.of(
          new LibXCrypt(library.getFunction("crypt_rn"), library.getFunction("crypt_gensalt_rn")));
    } catch (LinkageError e) {
      // UnsatisfiedLinkError (no library, or glibc's old libcrypt without crypt_rn) or JNA's
      // own native part failing to load: either way the libcrypt schemes are unavailable.
      return Optional.empty();
    }
  }

  /**
   * crypt(3) of {@code password} with {@code setting}, or null when libxcrypt rejects the setting
   * or a password longer than {@link #MAX_PASSWORD_BYTES}.
   * The password goes through native memory we zero afterwards rather than a JNA String
   * conversion, which would leave copies we cannot clear.
   */
  @Nullable String crypt(byte[] password, String setting) {
    byte[] settingBytes = cString(setting);
    if (settingBytes == null) {
      return null;
    }
    Memory phrase = new Memory(password.length + 1L);
    Memory data = new Memory(CRYPT_DATA_SIZE);
    try {
      phrase.write(0, password, 0, password.length);
      phrase.setByte(password.length, (byte) 0);
      data.clear();
      Pointer result = cryptRn.invokePointer(
          new Object[] {phrase, settingBytes, data, CRYPT_DATA_SIZE});
      return result == null ? null : result.getString(0, StandardCharsets.US_ASCII.name());
    } finally {
      phrase.clear();
      data.clear();
      phrase.close();
      data.close();
    }
  }

  /**
   * A new setting for {@code prefix} (e.g. {@code "$y$"}) at {@code cost} (0 for libxcrypt's
   * default) from {@code randomBytes}; null when this libxcrypt does not know the prefix.
   */
  @Nullable String gensalt(String prefix, long cost, byte[] randomBytes) {
    byte[] prefixBytes = cString(prefix);
    if (prefixBytes == null) {
      return null;
    }
    byte[] output = new byte[GENSALT_OUTPUT_SIZE];
    Pointer result = gensaltRn.invokePointer(new Object[] {
        prefixBytes, new NativeLong(cost), randomBytes, randomBytes.length, output,
        output.length});
    if (result == null || output[0] == '*') {
      return null;
    }
    int end = 0;
    while (end < output.length && output[end] != 0) {
      end++;
    }
    return new String(output, 0, end, StandardCharsets.US_ASCII);
  }

  /**
   * The verdict on {@code stored} for {@code password}; a password too long for libxcrypt is a
   * mismatch, since no hash libxcrypt made can be of it.
   */
  Verification verify(String stored, byte[] password) {
    if (password.length > MAX_PASSWORD_BYTES) {
      return Verification.MISMATCH;
    }
    return Passwords.judgeCrypt(stored, crypt(password, stored));
  }

  /** NUL-terminated ASCII, or null for text C could not be given intact. */
  private static byte @Nullable [] cString(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == 0 || c > 0x7e) {
        return null;
      }
    }
    return Arrays.copyOf(text.getBytes(StandardCharsets.US_ASCII), text.length() + 1);
  }
}
