/**
 * The console's views and view models. Everything here talks to the service through
 * {@code io.lockstep.client} only, never the backend, so the embedded lab and a remote cluster take
 * the same path. {@link io.lockstep.views.Console} wires one session to every view.
 */
package io.lockstep.views;
