#include "batch.h"

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <memory>
#include <thread>
#include <utility>
#include <vector>

#include "convert.h"

namespace liangyan_py {
namespace {

// Items a thread claims at a time: enough to keep the shared counters and the GIL hand-overs
// rare, few enough to balance utterances of very different lengths.
constexpr std::size_t kChunk = 64;
// How far (in chunks) checking may run ahead of conversion: bounds the C results held at once.
constexpr std::size_t kWindow = 256;
// Counters written by different threads live on different cache lines.
constexpr std::size_t kCacheLine = 64;
constexpr std::size_t kStopped = static_cast<std::size_t>(-1) / 2;

// What the checking threads share.  Workers never touch Python objects: they read the UTF-8
// views prepared under the GIL and write C results, each chunk published through done_[c].
//
// Every result is freed by the thread that checked it, once the converting thread is past
// its chunk: glibc's malloc makes frees of another thread's allocations contend on that
// thread's arena, which measured twice as slow as checking alone.
class Work {
 public:
  Work(const ly_engine* engine, const ly_context* context, const std::vector<TextRef>& refs)
      : engine_(engine),
        context_(context),
        refs_(refs),
        chunks_((refs.size() + kChunk - 1) / kChunk),
        results_(refs.size(), nullptr),
        statuses_(refs.size(), LY_OK),
        done_(new std::atomic<bool>[chunks_]) {
    for (std::size_t c = 0; c < chunks_; ++c) done_[c].store(false, std::memory_order_relaxed);
  }
  ~Work() {
    for (ly_result* result : results_) ly_result_free(result);
  }

  std::size_t chunks() const { return chunks_; }
  bool Done(std::size_t c) const { return done_[c].load(std::memory_order_acquire); }
  void WaitDone(std::size_t c) const { done_[c].wait(false, std::memory_order_acquire); }
  const ly_result* result(std::size_t i) const { return results_[i]; }
  ly_status status(std::size_t i) const { return statuses_[i]; }

  // Claims the next chunk into *c.  False when none is left, when stopped, or when the window
  // is full and `block` is false (a worker blocks until the converter catches up).
  bool Claim(bool block, std::size_t* c) {
    for (;;) {
      if (stop_.load(std::memory_order_relaxed)) return false;
      std::size_t next = next_.load(std::memory_order_relaxed);
      if (next >= chunks_) return false;
      const std::size_t converted = converted_.load(std::memory_order_acquire);
      if (next >= converted + kWindow) {
        if (!block) return false;
        converted_.wait(converted, std::memory_order_acquire);
        continue;
      }
      if (next_.compare_exchange_weak(next, next + 1, std::memory_order_relaxed)) {
        *c = next;
        return true;
      }
    }
  }

  void CheckChunk(std::size_t c) {
    const std::size_t end = std::min(refs_.size(), (c + 1) * kChunk);
    for (std::size_t i = c * kChunk; i < end; ++i) {
      const std::string_view text = refs_[i].view();
      statuses_[i] = ly_check(engine_, text.data(), text.size(), context_, &results_[i]);
    }
    done_[c].store(true, std::memory_order_release);
    done_[c].notify_all();
  }

  void FreeChunk(std::size_t c) {
    const std::size_t end = std::min(refs_.size(), (c + 1) * kChunk);
    for (std::size_t i = c * kChunk; i < end; ++i) {
      ly_result_free(results_[i]);
      results_[i] = nullptr;
    }
  }

  // A worker thread: check chunks, free each once it is converted, leave when all are freed.
  void WorkerLoop() {
    std::vector<std::size_t> mine;  // chunks this thread checked, ascending
    std::size_t freed = 0;
    const auto free_converted = [&](std::size_t converted) {
      while (freed < mine.size() && mine[freed] < converted) FreeChunk(mine[freed++]);
    };
    std::size_t c;
    while (Claim(/*block=*/true, &c)) {
      CheckChunk(c);
      mine.push_back(c);
      free_converted(converted_.load(std::memory_order_acquire));
    }
    while (freed < mine.size()) {
      const std::size_t converted = converted_.load(std::memory_order_acquire);
      free_converted(converted);
      if (freed < mine.size()) converted_.wait(converted, std::memory_order_acquire);
    }
  }

  void MarkConverted(std::size_t chunks) {
    converted_.store(chunks, std::memory_order_release);
    converted_.notify_all();
  }

  // Past this, workers claim nothing and free all they hold: the converter reads no more.
  void Stop() {
    stop_.store(true, std::memory_order_relaxed);
    MarkConverted(kStopped);
  }

 private:
  const ly_engine* engine_;
  const ly_context* context_;
  const std::vector<TextRef>& refs_;
  const std::size_t chunks_;
  std::vector<ly_result*> results_;
  std::vector<ly_status> statuses_;
  std::unique_ptr<std::atomic<bool>[]> done_;
  alignas(kCacheLine) std::atomic<std::size_t> next_{0};       // claims: all threads
  alignas(kCacheLine) std::atomic<std::size_t> converted_{0};  // progress: the converter
  std::atomic<bool> stop_{false};
};

// Starts the extra checking threads and, on every way out (errors and Ctrl-C included),
// stops and joins them before the data they read goes away.
class Workers {
 public:
  Workers(Work& work, int extra) : work_(work) {
    threads_.reserve(static_cast<std::size_t>(extra));
    for (int t = 0; t < extra; ++t) threads_.emplace_back([&work] { work.WorkerLoop(); });
  }
  ~Workers() {
    work_.Stop();
    for (std::thread& thread : threads_) thread.join();
  }

 private:
  Work& work_;
  std::vector<std::thread> threads_;
};

// Pauses the cyclic garbage collector while a batch's results are built: they hold no
// cycles, and otherwise every few hundred new objects trigger a collection that walks them.
class GcPause {
 public:
  GcPause() : was_enabled_(PyGC_Disable()) {}
  ~GcPause() {
    if (was_enabled_) PyGC_Enable();
  }

 private:
  int was_enabled_;
};

}  // namespace

py::list CheckMany(const ly_engine* engine, py::handle texts, py::handle slots, int threads,
                   bool stop_on_error,
                   std::string (*describe)(ly_status, std::size_t, std::int64_t),
                   std::int64_t max_input_bytes) {
  // Our own tuple: the caller's list cannot change under the threads while the GIL is free.
  const py::tuple items = py::reinterpret_steal<py::tuple>(PySequence_Tuple(texts.ptr()));
  if (!items) throw py::error_already_set();
  const std::size_t n = items.size();
  std::vector<TextRef> refs(n);
  for (std::size_t i = 0; i < n; ++i) refs[i].Assign(items[i]);
  ContextPtr context = MakeContext(slots);

  py::list out(n);
  if (n == 0) return out;
  Work work(engine, context.get(), refs);
  const int extra = static_cast<int>(
      std::min<std::size_t>(static_cast<std::size_t>(std::max(threads, 1)) - 1, work.chunks() - 1));
  ResultConverter converter;
  GcPause gc_pause;
  Workers workers(work, extra);

  // This thread converts chunks in input order; while the next one is not ready it checks
  // chunks itself, so `threads` threads in total are busy and threads=1 runs inline.
  std::vector<bool> checked_here(work.chunks(), false);
  for (std::size_t c = 0; c < work.chunks(); ++c) {
    if (!work.Done(c)) {
      py::gil_scoped_release release;
      while (!work.Done(c)) {
        std::size_t mine;
        if (work.Claim(/*block=*/false, &mine)) {
          work.CheckChunk(mine);
          checked_here[mine] = true;
        } else {
          work.WaitDone(c);
        }
      }
    }
    const std::size_t end = std::min(n, (c + 1) * kChunk);
    for (std::size_t i = c * kChunk; i < end; ++i) {
      const ly_status status = work.status(i);
      py::object item;
      if (status != LY_OK) {
        const std::string message = describe(status, refs[i].view().size(), max_input_bytes);
        if (stop_on_error) RaiseStatus(status, message, py::int_(i));
        item = MakeError(status, message, py::int_(i));
      } else {
        item = converter.Convert(work.result(i), refs[i].from_str() ? items[i] : py::handle());
      }
      PyList_SET_ITEM(out.ptr(), static_cast<Py_ssize_t>(i), item.release().ptr());
    }
    if (checked_here[c]) work.FreeChunk(c);
    work.MarkConverted(c + 1);
    if (PyErr_CheckSignals() != 0) throw py::error_already_set();
  }
  return out;
}

}  // namespace liangyan_py
