package dev.sfautoscaler.aws;

import java.util.ArrayList;
import java.util.List;

/** Splits the ids of one describe call into the sizes the API takes. */
final class Batches {

    /** Ids per describe call: within what DescribeSpotFleetRequests, DescribeFleets, DescribeTags' filters and DescribeAutoScalingGroups accept. */
    static final int SIZE = 50;

    private Batches() {
    }

    static <T> List<List<T>> of(List<T> items) {
        List<List<T>> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i += SIZE) {
            out.add(items.subList(i, Math.min(items.size(), i + SIZE)));
        }
        return out;
    }
}
