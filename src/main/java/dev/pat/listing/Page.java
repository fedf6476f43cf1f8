package dev.pat.listing;

import java.util.List;
import java.util.function.Function;

/**
 * One page of a list and the number of items over all pages: exact up to {@link #COUNT_BOUND},
 * null when more match (counting them all is what a large account's list would spend its time on).
 */
public record Page<T>(List<T> items, Long total, int page, int limit) {

    /** The most items a list counts exactly (GitLab stops at the same number, for the same reason). */
    public static final int COUNT_BOUND = 10_000;

    /** The same page and total with other items (what the items' ids were read into). */
    public <R> Page<R> with(List<R> others) {
        return new Page<>(others, total, page, limit);
    }

    public <R> Page<R> map(Function<T, R> mapper) {
        return new Page<>(items.stream().map(mapper).toList(), total, page, limit);
    }
}
