package org.vqpop.fs;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/** Turns an I/O failure into one line for an administrator: the file, then what went wrong. */
public final class IoErrors {
  private IoErrors() {}

  public static String describe(IOException e) {
    if (e instanceof FileSystemException f && f.getFile() != null) {
      String what = switch (e) {
        case NoSuchFileException n -> "no such file or directory";
        case AccessDeniedException a -> "permission denied";
        case FileAlreadyExistsException a -> "already exists";
        case DirectoryNotEmptyException d -> "directory not empty";
        case NotDirectoryException d -> "not a directory";
        default -> f.getReason() != null ? f.getReason() : e.getClass().getSimpleName();
      };
      return f.getFile() + (f.getOtherFile() != null ? " -> " + f.getOtherFile() : "") + ": " + what;
    }
    return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
  }
}
