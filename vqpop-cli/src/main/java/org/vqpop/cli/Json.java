package org.vqpop.cli;

import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** The JSON form of listings ({@code --json}). */
final class Json {
  private Json() {}

  private static final JsonMapper MAPPER = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

  static void print(Object value) {
    System.out.println(MAPPER.writeValueAsString(value));
  }
}
