/**
 * Files changed the qmail way: written beside the target, fsynced, then renamed into place, so a
 * reader sees the old file or the new one and never a torn one ({@code qmail-newu.c}).
 */
@NullMarked
package org.vqpop.fs;

import org.jspecify.annotations.NullMarked;
