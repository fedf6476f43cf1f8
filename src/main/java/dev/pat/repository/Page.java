package dev.pat.repository;

import java.util.List;

/** One page of a list and the number of items over all pages. */
public record Page<T>(List<T> items, long total, int page, int limit) {
}
