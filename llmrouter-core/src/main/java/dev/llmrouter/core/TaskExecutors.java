package dev.llmrouter.core;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Executors for blocking upstream work: virtual threads when the JVM has them (21+), else a cached
 * pool of daemon threads. Compiled for Java 17, so the 21 API is reached reflectively.
 */
final class TaskExecutors {
  private TaskExecutors() {}

  static ExecutorService newTaskExecutor(String namePrefix) {
    try {
      Object executor = MethodHandles.publicLookup()
          .findStatic(Executors.class, "newVirtualThreadPerTaskExecutor", MethodType.methodType(ExecutorService.class))
          .invoke();
      return (ExecutorService) executor;
    } catch (NoSuchMethodException | IllegalAccessException olderJvm) {
      return Executors.newCachedThreadPool(daemonThreads(namePrefix));
    } catch (Throwable unexpected) {
      throw new IllegalStateException("cannot create the async executor", unexpected);
    }
  }

  private static ThreadFactory daemonThreads(String namePrefix) {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, namePrefix + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
