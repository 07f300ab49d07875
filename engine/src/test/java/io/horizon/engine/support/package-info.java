/**
 * Test fixtures shared by the engine's tests and, through the test jar, by later modules.
 */
package io.horizon.engine.support;
