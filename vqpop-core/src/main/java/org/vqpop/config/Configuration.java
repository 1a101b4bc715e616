package org.vqpop.config;

import java.util.Map;

/**
 * The configuration of one run, and where each key's value came from ({@link
 * ConfigLoader.Source}); keys no layer set have their defaults.
 */
public record Configuration(VqpopConfig config, Map<String, ConfigLoader.Source> sources) {

  /** Where {@code path}'s value came from ({@code tls.sni.cert} for a key of an array of tables). */
  public ConfigLoader.Source source(String path) {
    return ConfigLoader.source(sources, path);
  }
}
