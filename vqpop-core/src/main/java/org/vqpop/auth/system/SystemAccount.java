package org.vqpop.auth.system;

import java.nio.file.Path;

/** An entry of the system account database. */
public record SystemAccount(String name, int uid, int gid, Path home, String shell) {}
