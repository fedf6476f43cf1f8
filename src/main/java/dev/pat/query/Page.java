package dev.pat.query;

import java.util.List;
import java.util.function.Function;

/** One page of a list and the number of items over all pages. */
public record Page<T>(List<T> items, long total, int page, int limit) {

    public <R> Page<R> map(Function<T, R> mapper) {
        return new Page<>(items.stream().map(mapper).toList(), total, page, limit);
    }
}
