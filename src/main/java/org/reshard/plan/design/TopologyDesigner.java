package org.reshard.plan.design;

import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.reshard.common.ErrorCode;
import org.reshard.common.ReshardError;
import org.reshard.common.Result;
import org.reshard.plan.CopyRate;
import org.reshard.plan.RangeMove;
import org.reshard.plan.TopologyDiff;
import org.reshard.topology.HashPartition;
import org.reshard.topology.HashRange;
import org.reshard.topology.OwnedRange;
import org.reshard.topology.Routing;
import org.reshard.topology.ShardSpec;
import org.reshard.topology.Topology;
import org.reshard.topology.TopologyJson;
import org.reshard.topology.TopologyLoader;

/**
 * Designs a target topology from the current one: add or remove shards, split a shard's range, merge two
 * shards' ranges, move a range, rebalance to equal shares. Adding, removing and rebalancing reach equal
 * shares of the data: by rows where the shards' rows are known (uniform density within each shard's
 * ranges), by hash share where not. {@link DesignStrategy#LEAST_DATA} moves the minimum, which is
 * Σ max(0, have − target) over the shards: every shard gives exactly its surplus to shards short of
 * their target, and nothing else moves. Every design is written with {@link TopologyJson} and read back
 * with {@link TopologyLoader#parse}, so it is valid exactly as a topology file is.
 *
 * <p>Operations start from a working topology (the current one, or an earlier design, so they chain);
 * moves and estimates are always counted from the current topology.
 */
public final class TopologyDesigner {

    private static final Pattern VERSION_SUFFIX = Pattern.compile("^(.*?)(\\d+)$");
    private static final int BRUTE_FORCE_SHARDS = 7;

    private final Topology current;
    private final CopyRate rate;
    private final UnaryOperator<String> environment;
    private final boolean rowsKnown;
    private final Map<String, Double> rowDensity = new LinkedHashMap<>();
    private final Map<String, Double> byteDensity = new LinkedHashMap<>();

    /**
     * @param loads       rows and bytes of the current shards that could be measured (may be empty)
     * @param environment resolves {@code ${env:NAME}} when the design is validated (null for unset)
     */
    public TopologyDesigner(Topology current, Map<String, ShardLoad> loads, CopyRate rate, UnaryOperator<String> environment) {
        this.current = Objects.requireNonNull(current, "current");
        this.rate = Objects.requireNonNull(rate, "rate");
        this.environment = Objects.requireNonNull(environment, "environment");
        Map<String, Double> shares = current.partition().shareByShard();
        long knownRows = 0;
        long knownBytes = 0;
        double knownShare = 0;
        for (String id : current.shardIds()) {
            ShardLoad load = loads.get(id);
            if (load != null) {
                knownRows += load.rows();
                knownBytes += load.bytes();
                knownShare += shares.getOrDefault(id, 0.0);
            }
        }
        rowsKnown = knownRows > 0;
        double averageRows = knownShare > 0 ? knownRows / knownShare : 0;
        double averageBytes = knownShare > 0 ? knownBytes / knownShare : 0;
        for (String id : current.shardIds()) {
            ShardLoad load = loads.get(id);
            double share = shares.getOrDefault(id, 0.0);
            if (load != null && share > 0) {
                rowDensity.put(id, load.rows() / share);
                byteDensity.put(id, load.bytes() / share);
            } else {
                rowDensity.put(id, averageRows);
                byteDensity.put(id, averageBytes);
            }
        }
    }

    /** A designer that knows no rows: it balances hash shares, validating with the process environment. */
    public TopologyDesigner(Topology current) {
        this(current, Map.of(), CopyRate.ASSUMED, System::getenv);
    }

    public Topology current() {
        return current;
    }

    /** True when shards' rows were measured, so shares are balanced by rows rather than by hash share. */
    public boolean rowsKnown() {
        return rowsKnown;
    }

    /** {@code orders-v1} → {@code orders-v2}; a name without a trailing number gets {@code -v2}. */
    public static String nextName(String name) {
        Matcher m = VERSION_SUFFIX.matcher(name);
        if (m.matches() && m.group(2).length() < 10) {
            return m.group(1) + (Long.parseLong(m.group(2)) + 1);
        }
        return name + "-v2";
    }

    // ---------------------------------------------------------------- operations

    /** Adds shards and reaches equal shares over all of them. */
    public Result<Design> add(Topology working, List<ShardSpec> added, DesignStrategy strategy, String name, Path target) {
        return change(working, added, List.of(), strategy, name, target);
    }

    /** Removes shards and spreads their data so the remaining ones reach equal shares. */
    public Result<Design> remove(Topology working, List<String> removed, DesignStrategy strategy, String name, Path target) {
        return change(working, List.of(), removed, strategy, name, target);
    }

    /** Equal shares over the working topology's shards. */
    public Result<Design> rebalance(Topology working, DesignStrategy strategy, String name, Path target) {
        return change(working, List.of(), List.of(), strategy, name, target);
    }

    /** Adds and removes shards, then reaches equal shares over the shards that remain. */
    public Result<Design> change(Topology working, List<ShardSpec> added, List<String> removed, DesignStrategy strategy,
                                 String name, Path target) {
        Result<List<ShardSpec>> shards = shardsAfter(working, added, removed);
        if (shards instanceof Result.Failure<List<ShardSpec>> failure) {
            return Result.failure(failure.error());
        }
        List<ShardSpec> finalShards = shards.orElseThrow();
        List<String> ids = finalShards.stream().map(ShardSpec::id).toList();
        List<Segment> segments = overlay(working);
        List<Segment> designed = strategy == DesignStrategy.FEWEST_RANGES
                ? bestContiguous(segments, ids, working)
                : leastData(segments, ids);
        return finish(working, name, finalShards, designed, target);
    }

    /**
     * Splits a shard's ranges into equal shares (by rows where known) between the shard and the new shards:
     * the shard keeps the first part in hash order, each new shard takes the next one. Nothing else moves.
     */
    public Result<Design> split(Topology working, String shard, List<ShardSpec> added, String name, Path target) {
        if (working.shard(shard).isEmpty()) {
            return unknownShard(working, shard);
        }
        if (added.isEmpty()) {
            return invalid("splitting shard " + shard + " needs a new shard to take part of its range — add one");
        }
        Result<List<ShardSpec>> shards = shardsAfter(working, added, List.of());
        if (shards instanceof Result.Failure<List<ShardSpec>> failure) {
            return Result.failure(failure.error());
        }
        List<Segment> segments = overlay(working);
        List<Segment> own = segments.stream().filter(s -> s.owner.equals(shard)).toList();
        List<String> parts = new ArrayList<>();
        parts.add(shard);
        added.forEach(s -> parts.add(s.id()));
        List<Segment> sliced = slice(own, parts, !rowsKnown);
        List<Segment> result = new ArrayList<>();
        int next = 0;
        for (Segment s : segments) {
            if (s.owner.equals(shard)) {
                while (next < sliced.size() && sliced.get(next).from <= s.to) {
                    result.add(sliced.get(next++));
                }
            } else {
                result.add(s);
            }
        }
        return finish(working, name, shards.orElseThrow(), result, target);
    }

    /** Gives every range of {@code from} to {@code into}; {@code from} leaves the topology. */
    public Result<Design> merge(Topology working, String into, String from, String name, Path target) {
        for (String id : List.of(into, from)) {
            if (working.shard(id).isEmpty()) {
                return unknownShard(working, id);
            }
        }
        if (into.equals(from)) {
            return invalid("cannot merge shard " + into + " into itself — name two different shards");
        }
        List<Segment> segments = overlay(working);
        segments.stream().filter(s -> s.owner.equals(from)).forEach(s -> s.owner = into);
        List<ShardSpec> shards = working.shards().stream().filter(s -> !s.id().equals(from)).toList();
        return finish(working, name, shards, segments, target);
    }

    /** Gives the hash range to a shard of the working topology (or one of {@code added}). */
    public Result<Design> move(Topology working, HashRange range, String to, List<ShardSpec> added, String name, Path target) {
        Result<List<ShardSpec>> shards = shardsAfter(working, added, List.of());
        if (shards instanceof Result.Failure<List<ShardSpec>> failure) {
            return Result.failure(failure.error());
        }
        if (shards.orElseThrow().stream().noneMatch(s -> s.id().equals(to))) {
            return unknownShard(working, to);
        }
        List<Segment> result = new ArrayList<>();
        for (Segment s : overlay(working)) {
            if (s.to < range.from() || s.from > range.to()) {
                result.add(s);
                continue;
            }
            if (s.from < range.from()) {
                result.add(new Segment(s.from, range.from() - 1, s.owner, s.original, s.density));
            }
            result.add(new Segment(Math.max(s.from, range.from()), Math.min(s.to, range.to()), to, s.original, s.density));
            if (s.to > range.to()) {
                result.add(new Segment(range.to() + 1, s.to, s.owner, s.original, s.density));
            }
        }
        Set<String> owners = new HashSet<>();
        result.forEach(s -> owners.add(s.owner));
        List<ShardSpec> kept = shards.orElseThrow().stream().filter(s -> owners.contains(s.id())).toList();
        return finish(working, name, kept, result, target);
    }

    // ---------------------------------------------------------------- estimates

    /** Share, rows, bytes and duration of moving from the current topology to {@code target}. */
    public DesignEstimate estimate(HashPartition target) {
        return estimate(TopologyDiff.moves(current.partition(), target));
    }

    private DesignEstimate estimate(List<RangeMove> moves) {
        double share = 0;
        double rows = 0;
        double bytes = 0;
        for (RangeMove move : moves) {
            share += move.fraction();
            rows += move.fraction() * rowDensity.getOrDefault(move.sourceShard(), 0.0);
            bytes += move.fraction() * byteDensity.getOrDefault(move.sourceShard(), 0.0);
        }
        long totalRows = rowsKnown ? Math.round(rows) : 0;
        long totalBytes = rowsKnown ? Math.round(bytes) : 0;
        // The planner's formula (Planner#estimate): rows at the copy rate, at least a second.
        Duration duration = Duration.ofMillis(Math.max(1000, totalRows * 1000 / rate.rowsPerSecond()));
        return new DesignEstimate(share, totalRows, totalBytes, duration, rowsKnown);
    }

    /** The measure the designer balances, per shard of a partition: rows where known, hash share where not. */
    public Map<String, Double> weights(HashPartition partition) {
        Map<String, Double> weights = new LinkedHashMap<>();
        for (Segment s : overlay(partition)) {
            weights.merge(s.owner, s.weight(), Double::sum);
        }
        return weights;
    }

    /** The least a design reaching equal shares over {@code shardIds} must move from {@code working}: Σ max(0, have − target). */
    public double minimumMove(Topology working, Collection<String> shardIds) {
        Map<String, Double> have = weights(working.partition());
        double total = have.values().stream().mapToDouble(Double::doubleValue).sum();
        double target = total / shardIds.size();
        double moved = 0;
        for (Map.Entry<String, Double> e : have.entrySet()) {
            double goal = shardIds.contains(e.getKey()) ? target : 0;
            moved += Math.max(0, e.getValue() - goal);
        }
        return moved;
    }

    /** The measure (rows where known, hash share where not) that moves from {@code working}'s owners to {@code target}'s. */
    public double movedWeight(HashPartition working, HashPartition target) {
        double moved = 0;
        for (RangeMove move : TopologyDiff.moves(working, target)) {
            for (HashRange r : move.ranges()) {
                moved += weightOf(r);
            }
        }
        return moved;
    }

    /** The measure of a hash range under the current topology's densities. */
    private double weightOf(HashRange range) {
        double weight = 0;
        for (OwnedRange owned : current.partition().ranges()) {
            long from = Math.max(owned.range().from(), range.from());
            long to = Math.min(owned.range().to(), range.to());
            if (from <= to) {
                weight += new HashRange(from, to).fraction() * density(owned.shardId());
            }
        }
        return weight;
    }

    private double density(String originalShard) {
        return rowsKnown ? rowDensity.getOrDefault(originalShard, 0.0) : 1.0;
    }

    // ---------------------------------------------------------------- least data

    /** Every shard above its equal target gives exactly its surplus to shards below theirs; removed shards give all. */
    private List<Segment> leastData(List<Segment> segments, List<String> finalIds) {
        List<Segment> segs = new ArrayList<>(segments);
        double total = segs.stream().mapToDouble(Segment::weight).sum();
        double target = total / finalIds.size();
        double eps = Math.max(total, 1e-300) * 1e-12;
        Map<String, Double> balance = new LinkedHashMap<>(); // have - target: > 0 surplus, < 0 deficit
        finalIds.forEach(id -> balance.put(id, -target));
        for (Segment s : segs) {
            balance.merge(s.owner, s.weight(), Double::sum);
        }
        Set<String> removed = new HashSet<>(balance.keySet());
        removed.removeAll(finalIds);
        removed.forEach(id -> balance.merge(id, target, Double::sum)); // removed shards' target is 0
        Balancer b = new Balancer(segs, balance, eps);
        b.growAdjacent();
        b.seedNewShards(finalIds);
        b.growAdjacent();
        b.fillRemaining(finalIds);
        // Slivers a removed shard kept through rounding go to the neighbour before them (or after, at the start).
        for (int i = 0; i < segs.size(); i++) {
            Segment s = segs.get(i);
            if (removed.contains(s.owner)) {
                s.owner = neighbourOwner(segs, i, removed).orElse(lowest(balance, finalIds));
            }
        }
        return segs;
    }

    private static java.util.Optional<String> neighbourOwner(List<Segment> segs, int index, Set<String> removed) {
        for (int d = 1; d < segs.size(); d++) {
            for (int j : new int[] {index - d, index + d}) {
                if (j >= 0 && j < segs.size() && !removed.contains(segs.get(j).owner)) {
                    return java.util.Optional.of(segs.get(j).owner);
                }
            }
        }
        return java.util.Optional.empty();
    }

    private static String lowest(Map<String, Double> balance, List<String> finalIds) {
        return finalIds.stream().min((a, c) -> Double.compare(balance.get(a), balance.get(c))).orElseThrow();
    }

    /** Moves weight from donors (positive balance) to receivers (negative balance) by cutting segments at their edges. */
    private static final class Balancer {
        private final List<Segment> segs;
        private final Map<String, Double> balance;
        private final double eps;

        Balancer(List<Segment> segs, Map<String, Double> balance, double eps) {
            this.segs = segs;
            this.balance = balance;
            this.eps = eps;
        }

        boolean donor(String id) {
            return balance.getOrDefault(id, 0.0) > eps;
        }

        boolean receiver(String id) {
            return balance.getOrDefault(id, 0.0) < -eps;
        }

        double amount(Segment from, String to) {
            return Math.min(Math.min(balance.get(from.owner), -balance.get(to)), from.weight());
        }

        /** Receivers that own segments take from the donor segments next to them, so their ranges just grow. */
        void growAdjacent() {
            boolean progress = true;
            int guard = 0;
            while (progress && guard++ < 100_000) {
                progress = false;
                for (int i = 0; i + 1 < segs.size() && !progress; i++) {
                    Segment a = segs.get(i);
                    Segment c = segs.get(i + 1);
                    if (a.owner.equals(c.owner)) {
                        continue;
                    }
                    if (donor(a.owner) && receiver(c.owner) && a.weight() > eps) {
                        progress = give(i, true, amount(a, c.owner), c.owner) > 0;
                    } else if (receiver(a.owner) && donor(c.owner) && c.weight() > eps) {
                        progress = give(i + 1, false, amount(c, a.owner), a.owner) > 0;
                    }
                }
            }
        }

        /** A receiver with no segment starts where two donors meet, taking the end of one and the start of the other. */
        void seedNewShards(List<String> order) {
            for (String r : order) {
                if (!receiver(r) || segs.stream().anyMatch(s -> s.owner.equals(r))) {
                    continue;
                }
                int boundary = -1;
                for (int i = 0; i + 1 < segs.size(); i++) {
                    Segment a = segs.get(i);
                    Segment c = segs.get(i + 1);
                    if (!a.owner.equals(c.owner) && donor(a.owner) && donor(c.owner) && a.weight() > eps && c.weight() > eps) {
                        boundary = i;
                        break;
                    }
                }
                if (boundary >= 0) {
                    Segment a = segs.get(boundary);
                    give(boundary, true, amount(a, r), r);
                    // the piece taken from a now sits right before the next donor's segment
                    int next = indexAfterReceiver(boundary, r);
                    if (receiver(r) && next < segs.size() && donor(segs.get(next).owner)) {
                        give(next, false, amount(segs.get(next), r), r);
                    }
                } else {
                    int largest = largestDonorSegment();
                    if (largest >= 0) {
                        give(largest, true, amount(segs.get(largest), r), r);
                    }
                }
                growAdjacent();
            }
        }

        private int indexAfterReceiver(int from, String r) {
            int i = from;
            while (i < segs.size() && !segs.get(i).owner.equals(r)) {
                i++;
            }
            while (i < segs.size() && segs.get(i).owner.equals(r)) {
                i++;
            }
            return i;
        }

        /** Whatever deficit is left takes from any donor segment, largest first. */
        void fillRemaining(List<String> order) {
            int guard = 0;
            for (String r : order) {
                while (receiver(r) && guard++ < 100_000) {
                    int i = largestDonorSegment();
                    if (i < 0 || give(i, true, amount(segs.get(i), r), r) <= 0) {
                        break;
                    }
                    growAdjacent();
                }
            }
        }

        private int largestDonorSegment() {
            int best = -1;
            for (int i = 0; i < segs.size(); i++) {
                Segment s = segs.get(i);
                if (donor(s.owner) && s.weight() > eps && (best < 0 || s.weight() > segs.get(best).weight())) {
                    best = i;
                }
            }
            return best;
        }

        /** Cuts about {@code weight} from the high or low end of segment {@code index} for {@code receiver}; the weight moved. */
        double give(int index, boolean high, double weight, String receiver) {
            Segment s = segs.get(index);
            if (weight <= 0) {
                return 0;
            }
            BigInteger values = s.valuesFor(weight);
            if (values.signum() <= 0) {
                return 0;
            }
            String donor = s.owner;
            double moved;
            // take the whole segment when what would be left is a sliver
            if (Segment.weightOf(s.size().subtract(values), s.density) <= eps || values.compareTo(s.size()) >= 0) {
                moved = s.weight();
                s.owner = receiver;
            } else {
                Segment piece;
                if (high) {
                    long cut = plus(s.to, values.negate());
                    piece = new Segment(cut + 1, s.to, receiver, s.original, s.density);
                    s.to = cut;
                    segs.add(index + 1, piece);
                } else {
                    long cut = plus(s.from, values);
                    piece = new Segment(s.from, cut - 1, receiver, s.original, s.density);
                    s.from = cut;
                    segs.add(index, piece);
                }
                moved = piece.weight();
            }
            balance.merge(donor, -moved, Double::sum);
            balance.merge(receiver, moved, Double::sum);
            return moved;
        }
    }

    // ---------------------------------------------------------------- fewest ranges

    /** One contiguous range per shard at equal shares, in the order of the shards that moves the least. */
    private List<Segment> bestContiguous(List<Segment> segments, List<String> ids, Topology working) {
        List<List<String>> orders = new ArrayList<>();
        if (ids.size() <= BRUTE_FORCE_SHARDS) {
            permutations(new ArrayList<>(ids), 0, orders);
        } else {
            orders.add(greedyOrder(segments, ids, working));
        }
        List<Segment> best = null;
        double bestMoved = Double.MAX_VALUE;
        for (List<String> order : orders) {
            List<Segment> candidate = slice(segments, order, !rowsKnown);
            double moved = candidate.stream().filter(s -> !s.owner.equals(s.original)).mapToDouble(Segment::weight).sum();
            if (moved < bestMoved - 1e-15) {
                bestMoved = moved;
                best = candidate;
            }
        }
        return best;
    }

    /** Working shards in hash order, each new shard inserted where it moves the least. */
    private List<String> greedyOrder(List<Segment> segments, List<String> ids, Topology working) {
        List<String> order = new ArrayList<>();
        for (OwnedRange r : working.partition().ranges()) {
            if (ids.contains(r.shardId()) && !order.contains(r.shardId())) {
                order.add(r.shardId());
            }
        }
        for (String id : ids) {
            if (order.contains(id)) {
                continue;
            }
            int bestAt = order.size();
            double bestMoved = Double.MAX_VALUE;
            for (int at = 0; at <= order.size(); at++) {
                List<String> trial = new ArrayList<>(order);
                trial.add(at, id);
                double moved = slice(segments, trial, !rowsKnown).stream().filter(s -> !s.owner.equals(s.original))
                        .mapToDouble(Segment::weight).sum();
                if (moved < bestMoved) {
                    bestMoved = moved;
                    bestAt = at;
                }
            }
            order.add(bestAt, id);
        }
        return order;
    }

    private static void permutations(List<String> ids, int k, List<List<String>> out) {
        if (k == ids.size()) {
            out.add(List.copyOf(ids));
            return;
        }
        for (int i = k; i < ids.size(); i++) {
            java.util.Collections.swap(ids, k, i);
            permutations(ids, k + 1, out);
            java.util.Collections.swap(ids, k, i);
        }
    }

    /**
     * Cuts the segments (in hash order) into {@code owners.size()} consecutive parts of equal weight, or of
     * equal hash share when {@code byShare}; the copies keep their original owner and density.
     */
    private static List<Segment> slice(List<Segment> segments, List<String> owners, boolean byShare) {
        double total = 0;
        for (Segment s : segments) {
            total += byShare ? s.fraction() : s.weight();
        }
        List<Segment> out = new ArrayList<>();
        int k = 0;
        double done = 0;
        for (Segment original : segments) {
            Segment s = original.copy();
            double density = byShare ? 1.0 : s.density;
            while (true) {
                if (k == owners.size() - 1) {
                    s.owner = owners.get(k);
                    out.add(s);
                    done += Segment.weightOf(s.size(), density);
                    break;
                }
                double boundary = total * (k + 1) / owners.size();
                double room = boundary - done;
                double weight = Segment.weightOf(s.size(), density);
                if (room <= 0) {
                    k++;
                    continue;
                }
                if (weight <= room || density <= 0) {
                    s.owner = owners.get(k);
                    out.add(s);
                    done += weight;
                    break;
                }
                BigInteger values = new Segment(s.from, s.to, s.owner, s.original, density).valuesFor(room);
                if (values.signum() <= 0) {
                    k++;
                    continue;
                }
                long cut = plus(s.from, values);
                Segment head = new Segment(s.from, cut - 1, owners.get(k), s.original, s.density);
                out.add(head);
                done += Segment.weightOf(values, density);
                s.from = cut;
                k++;
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- common

    /** {@code value + delta}, for a result known to be a signed 64-bit hash. */
    private static long plus(long value, BigInteger delta) {
        return BigInteger.valueOf(value).add(delta).longValueExact();
    }

    /** The working partition cut at the current partition's boundaries, each piece with its current owner's density. */
    private List<Segment> overlay(Topology working) {
        return overlay(working.partition());
    }

    private List<Segment> overlay(HashPartition working) {
        return current.partition().overlay(working).stream()
                .map(p -> new Segment(p.range().from(), p.range().to(), p.ownerThere(), p.ownerHere(), density(p.ownerHere())))
                .toList();
    }

    private Result<List<ShardSpec>> shardsAfter(Topology working, List<ShardSpec> added, List<String> removed) {
        List<String> problems = new ArrayList<>();
        for (String id : removed) {
            if (working.shard(id).isEmpty()) {
                problems.add("shard " + id + " is not in " + working.name() + " (its shards are " + String.join(", ", working.shardIds()) + ")");
            }
        }
        Set<String> seen = new HashSet<>(working.shardIds());
        for (ShardSpec s : added) {
            if (!seen.add(s.id())) {
                problems.add("shard " + s.id() + " already exists — give the new shard another id");
            }
        }
        List<ShardSpec> shards = new ArrayList<>();
        working.shards().stream().filter(s -> !removed.contains(s.id())).forEach(shards::add);
        shards.addAll(added);
        if (shards.isEmpty()) {
            problems.add("a topology needs at least one shard — keep one");
        }
        if (!problems.isEmpty()) {
            return Result.failure(ReshardError.of(ErrorCode.TOPOLOGY_INVALID, "cannot design a topology from " + working.name(), problems));
        }
        return Result.ok(shards);
    }

    private Result<Design> finish(Topology working, String name, List<ShardSpec> shards, List<Segment> segments, Path target) {
        List<OwnedRange> ranges = new ArrayList<>();
        for (Segment s : segments) {
            ranges.add(new OwnedRange(new HashRange(s.from, s.to), s.owner));
        }
        HashPartition partition = HashPartition.ofSorted(ranges);
        String designedName = name == null || name.isBlank() ? nextName(working.name()) : name;
        Topology designed = new Topology(designedName, target, working.registryUrl(), new Routing.HashRanges(partition.ranges(), false),
                shards, working.tables(), working.referenceTables(), partition);
        String json = TopologyJson.toText(designed);
        return new TopologyLoader(environment).parse(json, target).map(valid -> {
            List<RangeMove> moves = TopologyDiff.moves(current.partition(), valid.partition());
            return new Design(valid, json, moves, estimate(moves));
        });
    }

    private static Result<Design> unknownShard(Topology working, String id) {
        return invalid("shard " + id + " is not in " + working.name() + " (its shards are " + String.join(", ", working.shardIds()) + ")");
    }

    private static Result<Design> invalid(String message) {
        return Result.failure(ErrorCode.TOPOLOGY_INVALID, message);
    }
}
