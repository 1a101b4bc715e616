package org.vqpop.mailhome;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import org.vqpop.address.Domain;
import org.vqpop.address.UserName;
import org.vqpop.directory.PopPasswd;
import org.vqpop.directory.PopUser;
import org.vqpop.domain.FileFormatException;
import org.vqpop.domain.VirtualDomain;
import org.vqpop.maildir.MaildirSize;
import org.vqpop.maildir.Maildirs;
import org.vqpop.maildir.Quota;

/**
 * Quotas (not in the seed): a domain's default in {@code DOMAINDIR/quota} ({@link DomainQuota}), a
 * user's own in its {@code poppasswd} line, and what a user's Maildir holds against the quota that
 * applies.
 */
public final class QuotaAdmin {
  private final AdminContext ctx;

  QuotaAdmin(AdminContext ctx) {
    this.ctx = ctx;
  }

  /** A domain's default quota, {@code DOMAINDIR/quota}; none without the file. */
  public Quota domainDefault(VirtualDomain d) throws AdminException {
    try {
      return DomainQuota.load(ctx.layout.domainDir(d));
    } catch (FileFormatException e) {
      throw AdminException.bad(e.getMessage());
    } catch (IOException e) {
      throw AdminContext.temporary(e);
    }
  }

  /** Sets a domain's default quota; {@link Quota#NONE} removes {@code DOMAINDIR/quota}. */
  public VirtualDomain setDomainDefault(Domain domain, Quota quota) throws AdminException {
    return ctx.inDomain(domain, d -> {
      if (!Files.isDirectory(ctx.layout.domainDir(d))) {
        throw AdminException.bad("domain directory " + ctx.layout.domainDir(d) + " does not exist");
      }
      ctx.rebuilder.writeDomainQuota(d, quota);
      return d;
    });
  }

  /**
   * Sets a user's own quota in its {@code poppasswd} line and the cdb; {@link Quota#NONE} clears
   * it, so that the domain's default applies.
   */
  public void setUser(Domain domain, UserName u, Quota quota) throws AdminException {
    ctx.inDomain(domain, d -> {
      PopPasswd db = UserAdmin.existing(ctx, d, u, "add it first");
      db.put(db.get(u).orElseThrow().withQuota(quota.bytes(), quota.messages()));
      ctx.rebuilder.writeDomain(d, db);
      return null;
    });
  }

  /**
   * A user's quota (own, the domain's default, effective) and the usage of its Maildir: what a
   * {@code maildirsize} written for the effective quota records, else a count of the Maildir.
   * Reads only; unlike a delivery it never writes a {@code maildirsize}.
   */
  public QuotaReport report(VirtualDomain d, PopUser u) throws AdminException {
    Quota own = new Quota(u.quotaBytes(), u.quotaMessages());
    Quota domainDefault = domainDefault(d);
    Quota effective = own.orElse(domainDefault);
    Path maildir = ctx.layout.home(d, u.name()).resolve("Maildir");
    try {
      if (!Maildirs.isMaildir(maildir)) {
        return new QuotaReport(own, domainDefault, effective, new MaildirSize.Usage(0, 0),
            QuotaReport.Source.NO_MAILDIR);
      }
      MaildirSize.@Nullable Usage recorded = effective.unlimited() ? null : MaildirSize.recorded(maildir, effective);
      return recorded != null
          ? new QuotaReport(own, domainDefault, effective, recorded, QuotaReport.Source.MAILDIRSIZE)
          : new QuotaReport(own, domainDefault, effective, MaildirSize.scan(maildir), QuotaReport.Source.SCAN);
    } catch (IOException e) {
      throw AdminContext.temporary(e);
    }
  }
}
