package org.vqpop.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The {@code [pop3]} and {@code [pop3s]} tables: the addresses a kind of listener binds. A
 * change takes a restart.
 *
 * <pre>
 * [pop3]
 * listen = ["127.0.0.1:110", "[::1]:110"]
 * </pre>
 */
public record Listeners(List<ListenAddress> listen) {
  public static final Listeners NONE = new Listeners(List.of());

  public Listeners {
    listen = List.copyOf(listen);
  }

  @JsonCreator
  static Listeners bind(@JsonProperty("listen") @Nullable List<String> listen) {
    return listen == null ? NONE : new Listeners(parse(listen, ListenAddress::parse));
  }

  /** Each of {@code values} parsed; an error names {@code listen[i]}. */
  static List<ListenAddress> parse(List<String> values, java.util.function.Function<String, ListenAddress> parser) {
    List<ListenAddress> out = new ArrayList<>(values.size());
    for (int i = 0; i < values.size(); i++) {
      try {
        out.add(parser.apply(values.get(i)));
      } catch (IllegalArgumentException e) {
        throw new KeyProblem("listen[" + i + "]", e.getMessage());
      }
    }
    return out;
  }
}
