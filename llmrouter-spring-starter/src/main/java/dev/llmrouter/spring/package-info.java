/**
 * Spring Boot 4 auto-configuration for llmrouter. Empty until the starter issue lands: the module
 * exists so the reactor has its final shape.
 */
package dev.llmrouter.spring;
