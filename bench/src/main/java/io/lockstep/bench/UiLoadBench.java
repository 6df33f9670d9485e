package io.lockstep.bench;

import io.lockstep.api.lab.DriverSettings;
import io.lockstep.api.share.CreateShare;
import io.lockstep.client.Actions;
import io.lockstep.client.ApiException;
import io.lockstep.client.LockstepClient;
import io.lockstep.views.Console;
import io.lockstep.views.concurrent.FxTaskExecutor;
import io.lockstep.views.dialog.FxDialogService;
import io.lockstep.views.live.ConsoleSession;
import io.lockstep.views.shell.Page;
import io.lockstep.backend.node.ServiceNode;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javafx.animation.AnimationTimer;
import javafx.application.Platform;
import javafx.stage.Stage;

/**
 * The console under load: N shares loaded, then a steady stream of transitions (extends, two
 * transitions each) from other clients while the console shows a page. Measures, per page, the FX
 * thread's CPU time as a fraction of wall time, the frame interval (p50/p99/max) from an
 * AnimationTimer, the transitions the console actually applied per second, and the heap after the
 * load. Usage: {@code UiLoadBench [shares=5000] [transitionsPerSecond=300] [secondsPerPage=20] [pages]} (pages:
 * comma-separated, e.g. {@code resources,state-machines}; every page when absent); run
 * it on a display (Xvfb works) or headless with Monocle.
 */
public final class UiLoadBench {

    public static void main(String[] args) throws Exception {
        int shares = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
        int rate = args.length > 1 ? Integer.parseInt(args[1]) : 300;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        // every page by default (the console must keep up wherever the operator is looking)
        List<Page> pages = args.length > 3 ? java.util.Arrays.stream(args[3].split(","))
                .map(p -> Page.valueOf(p.trim().toUpperCase(java.util.Locale.ROOT).replace('-', '_'))).toList()
                : List.of(Page.values());
        try (ServiceNode node = ServiceNode.builder().driver(new DriverSettings(0L, 2L, 0.0, 100_000_000L, 3L))
                .workers(8, Duration.ofSeconds(30), 5).start();
             LockstepClient client = LockstepClient.connect(node.uri(), node.adminToken())) {
            Roomy.liftQuotas(client);
            List<String> ids = createShares(client, shares);
            System.out.printf("%d shares created and available%n", ids.size());

            CompletableFuture<Void> fxUp = new CompletableFuture<>();
            Platform.startup(() -> fxUp.complete(null));
            fxUp.get(30, TimeUnit.SECONDS);
            long t0 = System.nanoTime();
            ConsoleSession session = ConsoleSession.openBatched(client, Clock.systemUTC());
            FxTaskExecutor executor = new FxTaskExecutor();
            CompletableFuture<Console> shown = new CompletableFuture<>();
            Platform.runLater(() -> {
                Stage stage = new Stage();
                Console console = new Console(session, executor, new FxDialogService(stage), Optional.empty(),
                        "bench", () -> false);
                stage.setScene(console.scene(1360, 840));
                stage.show();
                shown.complete(console);
            });
            Console console = shown.get(60, TimeUnit.SECONDS);
            awaitLoaded(console, shares);
            System.out.printf("console loaded %d shares and showed its window in %d ms%n", shares,
                    (System.nanoTime() - t0) / 1_000_000);

            Load load = new Load(client, ids, rate);
            load.start();
            System.out.printf("%n%-16s %10s %12s %10s %10s %10s %14s%n", "page", "FX busy", "render busy",
                    "frame p50", "frame p99", "frame max", "applied/s");
            // Warm up first (JIT, the young collector after the load): the first page measured was
            // otherwise measured cold (Overview p99 170 ms when first, 32 ms when third).
            Platform.runLater(() -> console.main().pageProperty().set(pages.get(0)));
            Thread.sleep(seconds * 1000L);
            for (Page page : pages) {
                Platform.runLater(() -> console.main().pageProperty().set(page));
                Thread.sleep(2000); // let the page build and warm up before measuring
                measure(console, page, seconds);
            }
            load.stop();
            System.out.printf("%nload generator: %d extend calls accepted, %d refused (share busy)%n",
                    load.accepted.get(), load.refused.get());
            Runtime rt = Runtime.getRuntime();
            for (int i = 0; i < 3; i++) {
                System.gc();
            }
            System.out.printf("heap after the load (after GC): %d MiB used of %d MiB committed%n",
                    (rt.totalMemory() - rt.freeMemory()) >> 20, rt.totalMemory() >> 20);
            Platform.runLater(console::close);
            executor.close();
            Platform.exit();
        }
    }

    private static void measure(Console console, Page page, int seconds) throws Exception {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long fx = threadId("JavaFX Application Thread");
        long render = threadId("QuantumRenderer-0");
        List<Long> frames = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicLong last = new AtomicLong();
        AnimationTimer timer = new AnimationTimer() {
            @Override
            public void handle(long now) {
                long before = last.getAndSet(now);
                if (before != 0) {
                    frames.add(now - before);
                }
            }
        };
        Platform.runLater(timer::start);
        long events0 = readOnFx(() -> console.session().model().lastEventIdProperty().get());
        long cpu0 = threads.getThreadCpuTime(fx);
        long render0 = render < 0 ? 0 : threads.getThreadCpuTime(render);
        long wall0 = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        long wall = System.nanoTime() - wall0;
        long cpu = threads.getThreadCpuTime(fx) - cpu0;
        long renderCpu = render < 0 ? 0 : threads.getThreadCpuTime(render) - render0;
        long events = readOnFx(() -> console.session().model().lastEventIdProperty().get()) - events0;
        Platform.runLater(timer::stop);
        long[] f;
        synchronized (frames) {
            f = frames.stream().mapToLong(Long::longValue).sorted().toArray();
        }
        System.out.printf("%-16s %9.1f%% %11.1f%% %8.1fms %8.1fms %8.1fms %14.0f%n", page.title(),
                100.0 * cpu / wall, 100.0 * renderCpu / wall, ms(pct(f, 50)), ms(pct(f, 99)),
                ms(f.length == 0 ? 0 : f[f.length - 1]), events / (wall / 1e9));
    }

    private static long pct(long[] sorted, int p) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    private static long threadId(String name) {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals(name))
                .mapToLong(Thread::getId).findFirst().orElse(-1);
    }

    private static <T> T readOnFx(java.util.concurrent.Callable<T> read) throws Exception {
        CompletableFuture<T> f = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                f.complete(read.call());
            } catch (Exception e) {
                f.completeExceptionally(e);
            }
        });
        return f.get(30, TimeUnit.SECONDS);
    }

    private static void awaitLoaded(Console console, int shares) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (readOnFx(() -> console.session().model().shares().size()) < shares) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the console did not load the shares");
            }
            Thread.sleep(50);
        }
    }

    private static List<String> createShares(LockstepClient client, int n) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        List<Future<String>> created = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int k = i;
            created.add(pool.submit(() -> client.call(client.manila().createShare(
                    CreateShare.of("load-" + k, 1, "NFS"))).share().id()));
        }
        List<String> ids = new ArrayList<>();
        for (Future<String> f : created) {
            ids.add(f.get(5, TimeUnit.MINUTES));
        }
        pool.shutdown();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (io.lockstep.client.Listings.allShares(client).stream().anyMatch(s -> !s.status().equals("available"))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("shares did not become available");
            }
            Thread.sleep(200);
        }
        return ids;
    }

    /** Extends shares round-robin at a steady rate: two transitions per accepted call. */
    private static final class Load {
        private final LockstepClient client;
        private final List<String> ids;
        private final double callsPerTick;
        private double owed;
        private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
        private final ExecutorService senders = Executors.newFixedThreadPool(16);
        private final ConcurrentHashMap<String, Integer> sizes = new ConcurrentHashMap<>();
        private final AtomicInteger next = new AtomicInteger();
        final AtomicLong accepted = new AtomicLong();
        final AtomicLong refused = new AtomicLong();

        Load(LockstepClient client, List<String> ids, int transitionsPerSecond) {
            this.client = client;
            this.ids = ids;
            this.callsPerTick = transitionsPerSecond / 2.0 / 20; // 20 ticks a second
            ids.forEach(id -> sizes.put(id, 1));
        }

        void start() {
            ticker.scheduleAtFixedRate(() -> {
                owed += callsPerTick;
                int calls = (int) owed;
                owed -= calls;
                for (int i = 0; i < calls; i++) {
                    String id = ids.get(Math.floorMod(next.getAndIncrement(), ids.size()));
                    senders.execute(() -> {
                        int size = sizes.merge(id, 1, Integer::sum);
                        try {
                            client.call(client.manila().shareAction(id, Actions.extend(size)));
                            accepted.incrementAndGet();
                        } catch (ApiException e) {
                            refused.incrementAndGet();
                        }
                    });
                }
            }, 0, 50, TimeUnit.MILLISECONDS);
        }

        void stop() throws InterruptedException {
            ticker.shutdownNow();
            senders.shutdown();
            senders.awaitTermination(30, TimeUnit.SECONDS);
        }
    }
}
