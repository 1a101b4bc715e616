/**
 * Configuration: records that validate in their constructors, and the TOML loader that names the key in every error.
 */
@NullMarked
package org.vqpop.config;

import org.jspecify.annotations.NullMarked;
