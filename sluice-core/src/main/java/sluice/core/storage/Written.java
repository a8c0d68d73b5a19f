package sluice.core.storage;

import java.util.concurrent.CompletableFuture;

/**
 * The outcome of a store operation, decided at once in memory, with the future that completes when
 * the change behind it is durable. Callers answer the client only after {@code durable} completes.
 */
public record Written<T>(T value, CompletableFuture<Void> durable) {

    public static <T> Written<T> alreadyDurable(T value) {
        return new Written<>(value, CompletableFuture.completedFuture(null));
    }
}
