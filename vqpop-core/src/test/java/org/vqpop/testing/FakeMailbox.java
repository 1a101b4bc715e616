package org.vqpop.testing;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.IntFunction;
import org.jspecify.annotations.Nullable;
import org.vqpop.store.Mailbox;
import org.vqpop.store.MessageInfo;
import org.vqpop.wire.MessageSize;

/** An in-memory {@link Mailbox} that records what was done to it. */
public final class FakeMailbox implements Mailbox {
  private final List<byte[]> bodies = new ArrayList<>();
  private final List<MessageInfo> infos = new ArrayList<>();
  private final @Nullable IntFunction<MessageInfo> generated;
  private final int generatedCount;
  private final Set<Integer> unreadable = new HashSet<>();
  private @Nullable BitSet committed;
  private boolean closed;
  private int notRemovedOnCommit;
  private boolean commitThrows;

  public FakeMailbox() {
    this.generated = null;
    this.generatedCount = 0;
  }

  private FakeMailbox(int count, IntFunction<MessageInfo> info) {
    this.generated = info;
    this.generatedCount = count;
  }

  /** A huge mailbox whose infos are computed on demand (for listing tests); no bodies. */
  public static FakeMailbox generated(int count, IntFunction<MessageInfo> info) {
    return new FakeMailbox(count, info);
  }

  /** Adds a message with UIDL {@code uid}; its size is computed the RFC 1939 way. */
  public FakeMailbox add(String uid, String body) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    try {
      infos.add(new MessageInfo(MessageSize.of(new ByteArrayInputStream(bytes)), uid));
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    bodies.add(bytes);
    return this;
  }

  /** {@link #open} of message {@code index} will fail as if the file vanished. */
  public FakeMailbox unreadable(int index) {
    unreadable.add(index);
    return this;
  }

  /** {@link #commit} will report this many marked messages as not removed. */
  public FakeMailbox failOnCommit(int notRemoved) {
    this.notRemovedOnCommit = notRemoved;
    return this;
  }

  /** {@link #commit} will throw an IOException. */
  public FakeMailbox commitThrows() {
    this.commitThrows = true;
    return this;
  }

  @Override
  public int count() {
    return generated != null ? generatedCount : infos.size();
  }

  @Override
  public MessageInfo info(int index) {
    return generated != null ? generated.apply(index) : infos.get(index);
  }

  @Override
  public long totalSize() {
    long sum = 0;
    for (int i = 0; i < count(); i++) {
      sum += info(i).size();
    }
    return sum;
  }

  @Override
  public InputStream open(int index) throws IOException {
    if (unreadable.contains(index)) {
      throw new NoSuchFileException("message " + index);
    }
    return new ByteArrayInputStream(bodies.get(index));
  }

  @Override
  public CommitResult commit(BitSet deleted) throws IOException {
    if (commitThrows) {
      throw new IOException("disk on fire (test)");
    }
    committed = (BitSet) deleted.clone();
    int marked = deleted.cardinality();
    return new CommitResult(marked - notRemovedOnCommit, notRemovedOnCommit);
  }

  @Override
  public void close() {
    closed = true;
  }

  /** The set passed to {@link #commit}, or null if there was no commit. */
  public @Nullable BitSet committed() {
    return committed;
  }

  public boolean closed() {
    return closed;
  }
}
