package org.vqpop.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.vqpop.address.UserName;
import org.vqpop.directory.PopUser;
import org.vqpop.directory.UserDirectory;
import org.vqpop.directory.UserDirectory.Found;
import org.vqpop.directory.UserDirectory.LookupResult;
import org.vqpop.directory.UserDirectory.NotFound;
import org.vqpop.domain.VirtualDomain;

/**
 * What every {@link UserDirectory} does. An implementation's test implements {@link #directory()}
 * and {@link #store}, which replaces a domain's users the way that backend's administrators do.
 */
public interface UserDirectoryContract {
  VirtualDomain ACME = VirtualDomain.of("acme.com", "mail.acme.com", "acme.com", "acme");
  VirtualDomain ISP = VirtualDomain.of("isp.net", "pophost.isp.net", "mboxes.isp.net", "isp");

  /** The directory under test; called once per test, after the first {@link #store}. */
  UserDirectory directory() throws Exception;

  /** Replaces every user of {@code domain} by {@code users} (user to home). */
  void store(VirtualDomain domain, Map<PopUser, Path> users) throws Exception;

  static PopUser joe() {
    return new PopUser(UserName.of("joeuser"), "$6$salt$hash", "joesecret", 1000, 10, List.of("disabled"));
  }

  static Path home(VirtualDomain d, String user) {
    return Path.of("/var/mailhome", d.directory(), user.substring(0, 1), user);
  }

  @Test
  default void lookupFindsTheUserWithEveryFieldAndItsHome() throws Exception {
    store(ACME, Map.of(joe(), home(ACME, "joeuser")));
    store(ISP, Map.of());
    LookupResult r = directory().lookup(ACME, UserName.of("joeuser"));
    assertThat(r).isEqualTo(new Found(joe(), home(ACME, "joeuser")));
  }

  @Test
  default void lookupOfAnUnknownUserIsNotFound() throws Exception {
    store(ACME, Map.of(joe(), home(ACME, "joeuser")));
    assertThat(directory().lookup(ACME, UserName.of("mary"))).isEqualTo(new NotFound());
  }

  @Test
  default void lookupShouldNotSeeUsersOfOtherDomains() throws Exception {
    store(ACME, Map.of(joe(), home(ACME, "joeuser")));
    store(ISP, Map.of(PopUser.withSecret(UserName.of("sue"), "s"), home(ISP, "sue")));
    UserDirectory d = directory();
    assertThat(d.lookup(ISP, UserName.of("joeuser"))).isEqualTo(new NotFound());
    assertThat(d.lookup(ACME, UserName.of("sue"))).isEqualTo(new NotFound());
  }

  @Test
  default void lookupShouldIgnoreTheCaseOfTheUserName() throws Exception {
    store(ACME, Map.of(joe(), home(ACME, "joeuser")));
    assertThat(directory().lookup(ACME, UserName.of("JoeUser"))).isInstanceOf(Found.class);
  }

  @Test
  default void changesAreSeenWithoutANewDirectory() throws Exception {
    store(ACME, Map.of(joe(), home(ACME, "joeuser")));
    UserDirectory d = directory();
    assertThat(d.lookup(ACME, UserName.of("joeuser"))).isInstanceOf(Found.class);
    PopUser amy = PopUser.withPassword(UserName.of("amy"), "$6$x$y");
    store(ACME, Map.of(amy, home(ACME, "amy")));
    assertThat(d.lookup(ACME, UserName.of("amy"))).isEqualTo(new Found(amy, home(ACME, "amy")));
    assertThat(d.lookup(ACME, UserName.of("joeuser"))).isEqualTo(new NotFound());
  }

  @Test
  default void manyThreadsMayLookUpAtOnce() throws Exception {
    store(ACME, Map.of(joe(), home(ACME, "joeuser")));
    UserDirectory d = directory();
    try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
      List<Future<LookupResult>> results = new java.util.ArrayList<>();
      for (int i = 0; i < 200; i++) {
        String name = i % 2 == 0 ? "joeuser" : "nobody";
        results.add(pool.submit(() -> d.lookup(ACME, UserName.of(name))));
      }
      for (int i = 0; i < results.size(); i++) {
        assertThat(results.get(i).get()).isInstanceOf(i % 2 == 0 ? Found.class : NotFound.class);
      }
    }
  }
}
