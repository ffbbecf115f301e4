// The HTTP machinery: connections with our own deadlines, a bounded worker pool that
// answers 503 past its queue, signals, reload, graceful stop.
//
// cpp-httplib parses a request and writes its response through `Server::process_request`
// over a `Stream`; everything around it is ours. A connection is read through
// `Connection`, which enforces a deadline on the whole header (a client sending a byte at
// a time cannot hold a worker), a wait limit on body bytes and on the client taking
// response bytes, and the idle limit between kept-alive requests. Responses are buffered
// and written in large pieces.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <deque>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <thread>
#include <vector>

#include "serve/app.hpp"

namespace hoctap::serve {

void log_line(const std::string& text) {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", &tm);
  std::string line = std::string(stamp) + " hoctap serve: " + text + "\n";
  std::fwrite(line.data(), 1, line.size(), stderr);
  std::fflush(stderr);
}

bool Criteria::reload(std::string& why) {
  std::lock_guard<std::mutex> lock(reload_mutex_);
  auto loaded = Registry::load_directory(folder_);
  if (!loaded.registry) {
    why = format(loaded.diagnostics);
    if (why.empty()) why = "the folder could not be loaded\n";
    return false;
  }
  std::size_t sets = loaded.registry->sets().size();
  std::atomic_store(&current_, std::shared_ptr<const Catalog>(std::make_shared<Catalog>(Catalog{std::move(*loaded.registry), sets})));
  return true;
}

namespace {

using Clock = std::chrono::steady_clock;

std::atomic<bool> g_stopping{false};
thread_local bool t_rejecting = false;      // this thread answers every request 503 and closes
thread_local Clock::time_point t_started;   // the current request's first byte
thread_local bool t_close = false;          // close after this response (its body was not read)
thread_local bool t_body_over = false;      // the body passed --max-body (a chunked one: no length said so before)
class Connection;
thread_local Connection* t_connection = nullptr;  // the connection this thread serves

constexpr std::size_t kMaxHeaderBytes = 64 * 1024;
constexpr int kRejectHeaderMs = 1000;        // a connection being turned away gets this long to ask
constexpr std::size_t kMaxRequestsPerConnection = 100000;
constexpr std::size_t kDirectBytes = 64 * 1024;  // a write this large is sent without buffering
constexpr std::size_t kFramingBytes = 1024;      // the least room for a chunked body's framing

int ms_until(Clock::time_point t) {
  auto d = std::chrono::duration_cast<std::chrono::milliseconds>(t - Clock::now()).count();
  return d < 0 ? 0 : static_cast<int>(std::min<long long>(d, 1 << 30));
}

// poll() for `events` up to `ms`; true when ready.
bool wait_fd(int fd, short events, int ms) {
  pollfd p{fd, events, 0};
  for (;;) {
    int r = ::poll(&p, 1, ms);
    if (r > 0) return true;
    if (r == 0) return false;
    if (errno != EINTR) return false;
  }
}

class Connection final : public httplib::Stream {
 public:
  Connection(int fd, const Options& o) : fd_(fd), o_(o) {
    int flags = ::fcntl(fd, F_GETFL, 0);
    ::fcntl(fd, F_SETFL, flags | O_NONBLOCK);
    int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  }

  // Waits up to `ms` for the next request's first byte; false on close, timeout or stop.
  bool wait_request(int ms, bool first) {
    if (pos_ < len_) return true;
    auto until = Clock::now() + std::chrono::milliseconds(ms);
    bool graced = false;
    for (;;) {
      // Stopping: a kept-alive connection closes; a new one gets a moment for its request.
      if (g_stopping.load(std::memory_order_relaxed) && !graced) {
        if (!first) return false;
        until = std::min(until, Clock::now() + std::chrono::milliseconds(200));
        graced = true;
      }
      int slice = std::min(ms_until(until), 100);
      if (wait_fd(fd_, POLLIN, slice)) {
        char c;
        return ::recv(fd_, &c, 1, MSG_PEEK) == 1;
      }
      if (ms_until(until) == 0) return false;
    }
  }

  void begin_request(int header_ms) {
    in_headers_ = true;
    tail_ = 0;
    header_bytes_ = 0;
    deadline_ = Clock::now() + std::chrono::milliseconds(header_ms);
    body_bytes_ = 0;
  }

  bool has_unread() const { return pos_ < len_; }

  bool is_readable() const override { return pos_ < len_ || wait_fd(fd_, POLLIN, o_.read_timeout_ms); }
  bool is_writable() const override { return wait_fd(fd_, POLLOUT, o_.write_timeout_ms); }

  ssize_t read(char* ptr, size_t size) override {
    if (pos_ == len_ && !fill()) return -1;
    std::size_t n = std::min(size, len_ - pos_);
    if (in_headers_) {
      for (std::size_t i = 0; i < n; ++i) {
        tail_ = (tail_ << 8) | static_cast<unsigned char>(buf_[pos_ + i]);
        if ((tail_ & 0xffffffffu) == 0x0d0a0d0au || (tail_ & 0xffffu) == 0x0a0au) {
          in_headers_ = false;
          n = i + 1;
          break;
        }
      }
      header_bytes_ += n;
      if (header_bytes_ > kMaxHeaderBytes) return -1;
    } else {
      // A body with a length is refused from its headers when too long; the routes count
      // a chunked body's data. Here the bytes with the chunks' framing are bounded: an
      // eighth more than --max-body, at least kFramingBytes (docs/serve.md).
      body_bytes_ += n;
      if (body_bytes_ > o_.max_body + std::max(o_.max_body / 8, kFramingBytes)) {
        t_body_over = true;
        return -1;
      }
    }
    std::memcpy(ptr, buf_ + pos_, n);
    pos_ += n;
    return static_cast<ssize_t>(n);
  }

  ssize_t write(const char* ptr, size_t size) override {
    if (size >= kDirectBytes) {  // a large piece (a streamed chunk) goes out as it is, not copied
      if (!flush() || !send_all(ptr, size)) return -1;
      return static_cast<ssize_t>(size);
    }
    out_.append(ptr, size);
    if (out_.size() >= 16384 && !flush()) return -1;
    return static_cast<ssize_t>(size);
  }

  bool flush() {
    bool ok = send_all(out_.data(), out_.size());
    out_.clear();
    return ok;
  }

  bool send_all(const char* data, std::size_t size) {
    std::size_t done = 0;
    while (done < size) {
      ssize_t r = ::send(fd_, data + done, size - done, MSG_NOSIGNAL);
      if (r > 0) {
        done += static_cast<std::size_t>(r);
      } else if (r < 0 && errno == EINTR) {
        continue;
      } else if (r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
        if (!wait_fd(fd_, POLLOUT, o_.write_timeout_ms)) return false;
      } else {
        return false;
      }
    }
    return true;
  }

  void get_remote_ip_and_port(std::string& ip, int& port) const override { address(false, ip, port); }
  void get_local_ip_and_port(std::string& ip, int& port) const override { address(true, ip, port); }
  socket_t socket() const override { return fd_; }

 private:
  bool fill() {
    // Whatever was written waits for no read: `100 Continue` must reach a client that
    // holds its body back until it comes.
    if (!out_.empty() && !flush()) return false;
    int ms = in_headers_ ? ms_until(deadline_) : o_.read_timeout_ms;
    if (ms <= 0 || !wait_fd(fd_, POLLIN, ms)) return false;
    for (;;) {
      ssize_t r = ::recv(fd_, buf_, sizeof buf_, 0);
      if (r > 0) {
        pos_ = 0;
        len_ = static_cast<std::size_t>(r);
        return true;
      }
      if (r < 0 && errno == EINTR) continue;
      return false;
    }
  }

  void address(bool local, std::string& ip, int& port) const {
    sockaddr_storage a{};
    socklen_t n = sizeof a;
    int r = local ? ::getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &n) : ::getpeername(fd_, reinterpret_cast<sockaddr*>(&a), &n);
    if (r != 0) return;
    char text[INET6_ADDRSTRLEN] = {};
    if (a.ss_family == AF_INET) {
      auto* v4 = reinterpret_cast<sockaddr_in*>(&a);
      ::inet_ntop(AF_INET, &v4->sin_addr, text, sizeof text);
      port = ntohs(v4->sin_port);
    } else if (a.ss_family == AF_INET6) {
      auto* v6 = reinterpret_cast<sockaddr_in6*>(&a);
      ::inet_ntop(AF_INET6, &v6->sin6_addr, text, sizeof text);
      port = ntohs(v6->sin6_port);
    }
    ip = text;
  }

  int fd_;
  const Options& o_;
  char buf_[16384];
  std::size_t pos_ = 0, len_ = 0;
  bool in_headers_ = false;
  std::uint64_t tail_ = 0;
  std::size_t header_bytes_ = 0;
  std::size_t body_bytes_ = 0;
  Clock::time_point deadline_;
  std::string out_;
};

// What the library reads from the headers, made to follow the API's contract before the
// routes see the request (called once its headers are parsed, before its body is read).
void prepare_request(httplib::Request& req) {
  // Every answer is whole: a Range header is ignored, as RFC 9110 lets a server do.
  req.ranges.clear();
  // HTTP/1.1: a request with neither a length nor chunks has no body. Said explicitly, so
  // that the library does not read one until the connection ends.
  if (!req.has_header("Content-Length") && !req.has_header("Transfer-Encoding")) req.set_header("Content-Length", "0");
}

class Server final : public httplib::Server {
 public:
  explicit Server(const serve::Options& o) : o_(o) {}

  // Stops taking connections and lets the accept loop end, which then waits for the
  // workers. Unlike httplib's stop(), the listening socket's number stays set: the library
  // cuts streamed (chunked) responses short once it is cleared, and requests in flight
  // must finish.
  void stop_accepting() { ::shutdown(svr_sock_, SHUT_RDWR); }

 private:
  bool process_and_close_socket(socket_t sock) override {
    const bool rejecting = t_rejecting;
    bool unread = false;
    {
      Connection c(sock, o_);
      t_connection = &c;
      for (std::size_t served = 0; served < kMaxRequestsPerConnection; ++served) {
        int wait_ms = rejecting ? kRejectHeaderMs : served == 0 ? o_.header_timeout_ms : o_.idle_timeout_ms;
        if (!c.wait_request(wait_ms, served == 0)) break;
        c.begin_request(rejecting ? kRejectHeaderMs : o_.header_timeout_ms);
        t_started = Clock::now();
        t_close = false;
        t_body_over = false;
        bool close = rejecting || g_stopping.load() || served + 1 == kMaxRequestsPerConnection;
        bool closed = false;
        bool ok = process_request(c, close, closed, prepare_request);
        bool flushed = c.flush();
        if (!ok || !flushed || closed || close || t_close) {
          unread = t_close || rejecting || c.has_unread();
          break;
        }
      }
    }
    t_connection = nullptr;
    if (unread) {
      // The client may still be sending a body we did not read: closing now would reset
      // the connection and could destroy the response in flight. Stop writing, read and
      // drop what comes for a moment, then close.
      ::shutdown(sock, SHUT_WR);
      char sink[16384];
      auto until = Clock::now() + std::chrono::milliseconds(500);
      std::size_t dropped = 0;
      while (dropped < (4u << 20) && wait_fd(sock, POLLIN, ms_until(until))) {
        ssize_t r = ::recv(sock, sink, sizeof sink, 0);
        if (r <= 0) break;
        dropped += static_cast<std::size_t>(r);
      }
    }
    ::close(sock);
    return true;
  }

  const serve::Options& o_;
};

// Workers for connections, a bounded queue, and two threads that turn connections away
// with 503 once the workers are busy and the queue is full.
class Pool final : public httplib::TaskQueue {
 public:
  Pool(unsigned workers, unsigned queue) : queue_(queue) {
    for (unsigned i = 0; i < std::max(1u, workers); ++i) threads_.emplace_back([this] { loop(jobs_, jobs_cv_, true); });
    for (int i = 0; i < 2; ++i)
      threads_.emplace_back([this] {
        t_rejecting = true;
        loop(rejects_, rejects_cv_, false);
      });
  }

  void enqueue(std::function<void()> fn) override {
    std::unique_lock<std::mutex> lock(mutex_);
    if (jobs_.size() < idle_ + queue_) {
      jobs_.push_back(std::move(fn));
      jobs_cv_.notify_one();
      return;
    }
    if (rejects_.size() < 1024) {
      rejects_.push_back(std::move(fn));
      rejects_cv_.notify_one();
      return;
    }
    // Even the rejecters are behind: turn this one away on the accepting thread, which
    // stops accepting meanwhile (the kernel's backlog holds the rest).
    lock.unlock();
    t_rejecting = true;
    fn();
    t_rejecting = false;
  }

  void shutdown() override {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      shutdown_ = true;
    }
    jobs_cv_.notify_all();
    rejects_cv_.notify_all();
    for (auto& t : threads_) t.join();
  }

 private:
  void loop(std::deque<std::function<void()>>& q, std::condition_variable& cv, bool worker) {
    for (;;) {
      std::function<void()> fn;
      {
        std::unique_lock<std::mutex> lock(mutex_);
        if (worker) ++idle_;
        cv.wait(lock, [&] { return shutdown_ || !q.empty(); });
        if (worker) --idle_;
        if (q.empty()) return;  // stopping, and every accepted connection served
        fn = std::move(q.front());
        q.pop_front();
      }
      fn();
    }
  }

  std::size_t queue_;
  std::size_t idle_ = 0;
  bool shutdown_ = false;
  std::mutex mutex_;
  std::condition_variable jobs_cv_, rejects_cv_;
  std::deque<std::function<void()>> jobs_, rejects_;
  std::vector<std::thread> threads_;
};

// Names, sizes and modification times of the folder's files: changes when a file does.
std::string folder_signature(const std::string& dir) {
  namespace fs = std::filesystem;
  std::vector<std::string> entries;
  std::error_code ec;
  for (fs::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    std::error_code e2;
    if (!it->is_regular_file(e2)) continue;
    auto size = it->file_size(e2);
    auto time = it->last_write_time(e2).time_since_epoch().count();
    entries.push_back(it->path().string() + "|" + std::to_string(size) + "|" + std::to_string(time));
  }
  std::sort(entries.begin(), entries.end());
  std::string out;
  for (auto& e : entries) out += e + "\n";
  return out;
}

void reload_now(Criteria& criteria, const char* why_reloading) {
  std::string why;
  if (criteria.reload(why)) {
    log_line(std::string("reloaded the criteria (") + why_reloading + "): " + std::to_string(criteria.get()->sets) + " sets");
  } else {
    log_line(std::string("reload (") + why_reloading + ") failed; keeping the criteria already loaded:\n" + why);
  }
}

bool parse_listen(const std::string& text, std::string& host, int& port) {
  std::size_t colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0) return false;
  host = text.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  std::string p = text.substr(colon + 1);
  if (p.empty() || p.size() > 5 || p.find_first_not_of("0123456789") != std::string::npos) return false;
  port = std::stoi(p);
  return port <= 65535;
}

}  // namespace

double seconds_since_request_start() {
  return std::chrono::duration<double>(Clock::now() - t_started).count();
}
bool rejecting_thread() { return t_rejecting; }
void close_after_response() { t_close = true; }
bool body_over_limit() { return t_body_over; }

bool write_chunk(const char* data, std::size_t size) {
  if (t_connection == nullptr) return false;
  char head[24];
  int n = std::snprintf(head, sizeof head, "%zx\r\n", size);
  return t_connection->write(head, static_cast<std::size_t>(n)) == n &&
         t_connection->write(data, size) == static_cast<ssize_t>(size) && t_connection->write("\r\n", 2) == 2;
}

int run(const Options& o) {
  std::string host;
  int port = 0;
  if (!parse_listen(o.listen, host, port)) {
    std::cerr << "hoctap: --listen takes HOST:PORT, not `" << o.listen << "`\n";
    return 2;
  }
  std::string token;
  if (!o.token_file.empty()) {
    std::ifstream f(o.token_file, std::ios::binary);
    if (!f) {
      std::cerr << "hoctap: cannot read the token file `" << o.token_file << "`\n";
      return 2;
    }
    std::getline(f, token, '\0');
    while (!token.empty() && std::isspace(static_cast<unsigned char>(token.back()))) token.pop_back();
    if (token.size() < 16 || token.find_first_of(" \t\r\n") != std::string::npos) {
      std::cerr << "hoctap: the token in `" << o.token_file << "` must be one word of at least 16 characters\n";
      return 2;
    }
  }

  // Signals go to the thread that waits for them, not to workers.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGHUP);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  ::signal(SIGPIPE, SIG_IGN);

  Criteria criteria(o.criteria);
  std::string why;
  if (!criteria.reload(why)) {
    std::cerr << why << "hoctap: the criteria folder `" << o.criteria << "` is invalid\n";
    return 3;
  }
  App app{o, criteria, {}, token};
  Server server(o);
  server.new_task_queue = [&o] { return new Pool(o.workers, o.queue); };
  server.set_payload_max_length(o.max_body);
  server.set_read_timeout(o.read_timeout_ms / 1000, (o.read_timeout_ms % 1000) * 1000);
  server.set_write_timeout(o.write_timeout_ms / 1000, (o.write_timeout_ms % 1000) * 1000);
  server.set_keep_alive_timeout(std::max(1, o.idle_timeout_ms / 1000));
  server.set_keep_alive_max_count(kMaxRequestsPerConnection);
  server.set_post_routing_handler([](const httplib::Request&, httplib::Response& res) {
    // The connection ends after this answer (its request was not read whole): the answer
    // says so instead of offering to keep it alive.
    if (!t_close) return;
    res.headers.erase("Keep-Alive");
    if (!res.has_header("Connection")) res.set_header("Connection", "close");
  });
  server.set_logger([&app](const httplib::Request& req, const httplib::Response& res) {
    double s = seconds_since_request_start();
    std::string route = route_of(req.method, req.path);
    app.metrics.request(route, res.status, s);
    // Never the path or the body: either can carry personal data.
    if (app.options.access_log)
      log_line(req.method + " " + route + " " + std::to_string(res.status) + " " + std::to_string(static_cast<long>(s * 1e6)) + "us");
  });
  add_routes(server, app);

  if (port == 0) {
    port = server.bind_to_any_port(host);
    if (port < 0) port = 0;
  } else if (!server.bind_to_port(host, port)) {
    port = 0;
  }
  if (port == 0) {
    std::cerr << "hoctap: cannot listen on `" << o.listen << "`\n";
    return 2;
  }
  std::string shown = host.find(':') != std::string::npos ? "[" + host + "]" : host;
  log_line("listening on http://" + shown + ":" + std::to_string(port) + "/ (" + std::to_string(criteria.get()->sets) +
           " criteria sets from " + o.criteria + (token.empty() ? "" : "; bearer token required") + ")");

  std::thread listener([&server] { server.listen_after_bind(); });
  std::mutex stop_mutex;
  std::condition_variable stop_cv;
  bool stop_reloader = false;
  std::thread reloader;
  if (o.reload_ms > 0) {
    reloader = std::thread([&] {
      std::string seen = folder_signature(o.criteria);
      std::unique_lock<std::mutex> lock(stop_mutex);
      while (!stop_cv.wait_for(lock, std::chrono::milliseconds(o.reload_ms), [&] { return stop_reloader; })) {
        std::string now = folder_signature(o.criteria);
        if (now == seen) continue;
        seen = now;
        lock.unlock();
        reload_now(criteria, "the folder changed");
        lock.lock();
      }
    });
  }
  for (;;) {
    int sig = 0;
    if (sigwait(&signals, &sig) != 0) continue;
    if (sig == SIGHUP) {
      reload_now(criteria, "SIGHUP");
      continue;
    }
    break;
  }
  log_line("stopping: requests in flight finish, no new connection is taken");
  g_stopping = true;
  {
    std::lock_guard<std::mutex> lock(stop_mutex);
    stop_reloader = true;
  }
  stop_cv.notify_all();
  if (reloader.joinable()) reloader.join();
  server.stop_accepting();
  listener.join();
  log_line("stopped");
  return 0;
}

}  // namespace hoctap::serve
