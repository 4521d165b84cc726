/**
 * Small text files that survive crashes: each write replaces the whole file atomically (temp file, fsync, rename,
 * fsync of the directory), so a reader sees either the old or the new content, never a torn mix.
 */
package io.runnel.storage.checkpoint;
