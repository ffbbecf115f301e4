#include "expr/expr.hpp"

#include <algorithm>
#include <cctype>
#include <string>
#include <unordered_map>
#include <utility>

#include "util/messages.hpp"
#include "util/text.hpp"

namespace hoctap::internal {
namespace {

// ---- lexer ---------------------------------------------------------------------------

enum class Tok { end, number, string, ident, lparen, rparen, comma, dot, plus, minus, star, slash,
                 eq, ne, lt, le, gt, ge, bad };

struct Token {
  Tok kind;
  std::size_t pos;
  std::string text;
};

struct Failure {};  // unwinds the parser after an error is recorded

class Parser {
 public:
  Parser(const std::string& text, const ExprContext& ctx, std::vector<ExprError>& errors)
      : src_(text), ctx_(ctx), set_(*ctx.set), errors_(errors) {
    advance();
  }

  std::unique_ptr<Expr> parse_all() {
    auto e = expression();
    if (tok_.kind != Tok::end) fail(tok_.pos, "H200", tr("expr.trailing", {describe(tok_)}));
    return e;
  }

 private:
  const std::string& src_;
  const ExprContext& ctx_;
  const CompiledSet& set_;
  std::vector<ExprError>& errors_;
  std::size_t at_ = 0;
  Token tok_{Tok::end, 0, {}};
  int member_schema_ = -1;  // inside an aggregate: the members' schema
  int nesting_ = 0;         // grammar rules entered recursively (parentheses, `not`, `-`, `if`, calls)
  std::unordered_map<const Expr*, int> depth_;  // tree depth of each operator node built

  // Counts one level of the parser's own recursion for as long as it lives.
  class Nest {
   public:
    Nest(Parser& p, std::size_t pos) : p_(p) {
      if (++p_.nesting_ > kMaxExpressionDepth) p_.too_deep(pos);
    }
    ~Nest() { --p_.nesting_; }
    Nest(const Nest&) = delete;
    Nest& operator=(const Nest&) = delete;

   private:
    Parser& p_;
  };

  [[noreturn]] void too_deep(std::size_t pos) {
    fail(pos, "H206", tr("expr.depth", {std::to_string(kMaxExpressionDepth)}));
  }

  // An operator node with its arguments in place: checks the tree's depth.
  std::unique_ptr<Expr> checked(std::unique_ptr<Expr> e) {
    int d = 0;
    for (const auto& a : e->args) {
      if (!a) continue;
      auto it = depth_.find(a.get());
      d = std::max(d, it == depth_.end() ? 1 : it->second);
    }
    if (d + 1 > kMaxExpressionDepth) too_deep(e->pos);
    depth_[e.get()] = d + 1;
    return e;
  }

  [[noreturn]] void fail(std::size_t pos, const char* code, Text message) {
    errors_.push_back({pos, code, std::move(message.en), std::move(message.vi)});
    throw Failure{};
  }

  // The names an expression here may use, for "did you mean".
  std::vector<std::string> names_in_scope() const {
    std::vector<std::string> names;
    if (member_schema_ >= 0)
      for (const Field& f : set_.schemas[member_schema_].fields) names.push_back(f.name);
    for (const Field& f : set_.schemas[0].fields) names.push_back(f.name);
    for (const Parameter& p : set_.parameters) names.push_back(p.name);
    names.emplace_back("assessment_date");
    if (ctx_.allow_total) names.emplace_back("total");
    return names;
  }

  static Text describe(const Token& t) {
    switch (t.kind) {
      case Tok::end: return tr("token.end");
      case Tok::number: return tr("token.number", {t.text});
      case Tok::string: return tr("token.text", {t.text});
      default: return {"`" + t.text + "`", "`" + t.text + "`"};
    }
  }

  void advance() {
    while (at_ < src_.size() && (src_[at_] == ' ' || src_[at_] == '\t' || src_[at_] == '\n' || src_[at_] == '\r')) ++at_;
    std::size_t start = at_;
    if (at_ >= src_.size()) { tok_ = {Tok::end, start, ""}; return; }
    char c = src_[at_];
    if (std::isdigit(static_cast<unsigned char>(c))) {
      while (at_ < src_.size() && (std::isdigit(static_cast<unsigned char>(src_[at_])) || src_[at_] == '.')) ++at_;
      tok_ = {Tok::number, start, src_.substr(start, at_ - start)};
      return;
    }
    if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') {
      while (at_ < src_.size() && (std::isalnum(static_cast<unsigned char>(src_[at_])) || src_[at_] == '_')) ++at_;
      tok_ = {Tok::ident, start, src_.substr(start, at_ - start)};
      return;
    }
    if (c == '\'' || c == '"') {
      std::size_t close = src_.find(c, at_ + 1);
      if (close == std::string::npos) {
        tok_ = {Tok::bad, start, std::string(1, c)};
        fail(start, "H200", tr("expr.text_open"));
      }
      tok_ = {Tok::string, start, src_.substr(at_ + 1, close - at_ - 1)};
      at_ = close + 1;
      return;
    }
    auto two = [&](char next) { return at_ + 1 < src_.size() && src_[at_ + 1] == next; };
    Tok k = Tok::bad;
    std::size_t len = 1;
    switch (c) {
      case '(': k = Tok::lparen; break;
      case ')': k = Tok::rparen; break;
      case ',': k = Tok::comma; break;
      case '.': k = Tok::dot; break;
      case '+': k = Tok::plus; break;
      case '-': k = Tok::minus; break;
      case '*': k = Tok::star; break;
      case '/': k = Tok::slash; break;
      case '=': if (two('=')) { k = Tok::eq; len = 2; } break;
      case '!': if (two('=')) { k = Tok::ne; len = 2; } break;
      case '<': if (two('=')) { k = Tok::le; len = 2; } else k = Tok::lt; break;
      case '>': if (two('=')) { k = Tok::ge; len = 2; } else k = Tok::gt; break;
      default: break;
    }
    if (k == Tok::bad) {
      std::size_t n = 1;
      unsigned char u = static_cast<unsigned char>(c);
      if (u >= 0xF0) n = 4; else if (u >= 0xE0) n = 3; else if (u >= 0xC0) n = 2;
      std::string ch = src_.substr(start, n);
      if (c == '=') fail(start, "H200", tr("expr.assign"));
      if (c == '&' || c == '|') fail(start, "H200", tr("expr.and_or", {ch}));
      // A no-break or zero-width space looks like nothing, or like a space: say what it is.
      if (name_invisible(ch) != ch) fail(start, "H200", tr("expr.invisible", {ch}));
      fail(start, "H200", tr("expr.char", {ch}));
    }
    at_ += len;
    tok_ = {k, start, src_.substr(start, len)};
  }

  bool is_word(const char* w) const { return tok_.kind == Tok::ident && tok_.text == w; }
  void expect(Tok k, const char* what) {
    if (tok_.kind != k) fail(tok_.pos, "H200", tr("expr.expected_token", {what, describe(tok_)}));
    advance();
  }
  void expect_word(const char* w) {
    if (!is_word(w)) fail(tok_.pos, "H200", tr("expr.expected_word", {w, describe(tok_)}));
    advance();
  }

  std::string tname(const Type& t) const { return type_name(t, set_); }

  static std::unique_ptr<Expr> node(Op op, Type type, std::size_t pos) {
    auto e = std::make_unique<Expr>();
    e->op = op;
    e->type = type;
    e->pos = pos;
    return e;
  }

  // ---- grammar ----

  std::unique_ptr<Expr> expression() {
    Nest nest(*this, tok_.pos);
    if (is_word("if")) {
      std::size_t pos = tok_.pos;
      advance();
      auto c = expression();
      require_bool(*c, tr("part.if_condition"));
      expect_word("then");
      auto a = expression();
      expect_word("else");
      auto b = expression();
      Type t = unify(*a, *b, pos, tr("part.if_branches"));
      auto e = node(Op::if_, t, pos);
      e->args.push_back(std::move(c));
      e->args.push_back(std::move(a));
      e->args.push_back(std::move(b));
      return checked(std::move(e));
    }
    return disjunction();
  }

  std::unique_ptr<Expr> disjunction() {
    auto left = conjunction();
    while (is_word("or")) {
      std::size_t pos = tok_.pos;
      advance();
      auto right = conjunction();
      left = logical(Op::or_, std::move(left), std::move(right), pos, "or");
    }
    return left;
  }

  std::unique_ptr<Expr> conjunction() {
    auto left = negation();
    while (is_word("and")) {
      std::size_t pos = tok_.pos;
      advance();
      auto right = negation();
      left = logical(Op::and_, std::move(left), std::move(right), pos, "and");
    }
    return left;
  }

  std::unique_ptr<Expr> logical(Op op, std::unique_ptr<Expr> a, std::unique_ptr<Expr> b, std::size_t pos, const char* w) {
    require_bool(*a, tr("part.left", {std::string(w)}));
    require_bool(*b, tr("part.right", {std::string(w)}));
    auto e = node(op, Type::of(Type::Kind::boolean), pos);
    e->args.push_back(std::move(a));
    e->args.push_back(std::move(b));
    return checked(std::move(e));
  }

  std::unique_ptr<Expr> negation() {
    if (is_word("not")) {
      std::size_t pos = tok_.pos;
      Nest nest(*this, pos);
      advance();
      auto a = negation();
      require_bool(*a, tr("part.not"));
      auto e = node(Op::not_, Type::of(Type::Kind::boolean), pos);
      e->args.push_back(std::move(a));
      return checked(std::move(e));
    }
    return comparison();
  }

  std::unique_ptr<Expr> comparison() {
    auto left = additive();
    Op op;
    switch (tok_.kind) {
      case Tok::eq: op = Op::eq; break;
      case Tok::ne: op = Op::ne; break;
      case Tok::lt: op = Op::lt; break;
      case Tok::le: op = Op::le; break;
      case Tok::gt: op = Op::gt; break;
      case Tok::ge: op = Op::ge; break;
      default: return left;
    }
    Token optok = tok_;
    advance();
    auto right = additive();
    bool ordering = op != Op::eq && op != Op::ne;
    // A text literal compared with a category is a value of that category's scale.
    resolve_category_literal(*left, *right);
    resolve_category_literal(*right, *left);
    const Type& a = left->type;
    const Type& b = right->type;
    bool ok = (a.numeric() && b.numeric()) || (a.kind == Type::Kind::date && b.kind == Type::Kind::date) ||
              (a.kind == Type::Kind::category && b == a) ||
              (!ordering && a.kind == b.kind && (a.kind == Type::Kind::boolean || a.kind == Type::Kind::text));
    if (!ok)
      fail(optok.pos, "H202", tr("expr.compare", {tname(a), tname(b), optok.text}));
    if (chained()) fail(tok_.pos, "H200", tr("expr.chain"));
    auto e = node(op, Type::of(Type::Kind::boolean), optok.pos);
    e->args.push_back(std::move(left));
    e->args.push_back(std::move(right));
    return checked(std::move(e));
  }

  bool chained() const {
    return tok_.kind == Tok::eq || tok_.kind == Tok::ne || tok_.kind == Tok::lt || tok_.kind == Tok::le ||
           tok_.kind == Tok::gt || tok_.kind == Tok::ge;
  }

  void resolve_category_literal(Expr& lit, const Expr& other) {
    if (lit.op != Op::literal || lit.lit.kind != Literal::Kind::text || other.type.kind != Type::Kind::category) return;
    const Scale& scale = set_.scales[other.type.scale];
    int ord = scale.find(lit.lit.text);
    if (ord < 0) {
      std::string values;
      for (std::size_t i = 0; i < scale.values.size(); ++i) values += (i ? ", " : "") + scale.values[i];
      fail(lit.pos, "H204", with_suggestion(tr("scale.value", {lit.lit.text, scale.id, values}), nearest_name(lit.lit.text, scale.values)));
    }
    lit.lit.kind = Literal::Kind::category;
    lit.lit.i = ord;
    lit.type = other.type;
  }

  std::unique_ptr<Expr> additive() {
    auto left = multiplicative();
    while (tok_.kind == Tok::plus || tok_.kind == Tok::minus) {
      Token optok = tok_;
      advance();
      auto right = multiplicative();
      left = arithmetic(optok.kind == Tok::plus ? Op::add : Op::sub, std::move(left), std::move(right), optok);
    }
    return left;
  }

  std::unique_ptr<Expr> multiplicative() {
    auto left = unary();
    while (tok_.kind == Tok::star || tok_.kind == Tok::slash) {
      Token optok = tok_;
      advance();
      auto right = unary();
      left = arithmetic(optok.kind == Tok::star ? Op::mul : Op::div, std::move(left), std::move(right), optok);
    }
    return left;
  }

  std::unique_ptr<Expr> arithmetic(Op op, std::unique_ptr<Expr> a, std::unique_ptr<Expr> b, const Token& optok) {
    if (!a->type.numeric() || !b->type.numeric())
      fail(optok.pos, "H202", tr("expr.numbers2", {optok.text, tname(a->type), tname(b->type)}));
    Type t = (op != Op::div && a->type.kind == Type::Kind::integer && b->type.kind == Type::Kind::integer)
                 ? Type::of(Type::Kind::integer)
                 : Type::of(Type::Kind::decimal);
    auto e = node(op, t, optok.pos);
    e->args.push_back(std::move(a));
    e->args.push_back(std::move(b));
    return checked(std::move(e));
  }

  std::unique_ptr<Expr> unary() {
    if (tok_.kind == Tok::minus) {
      Token optok = tok_;
      Nest nest(*this, optok.pos);
      advance();
      auto a = unary();
      if (!a->type.numeric()) fail(optok.pos, "H202", tr("expr.minus", {tname(a->type)}));
      Type t = a->type;
      auto e = node(Op::neg, t, optok.pos);
      e->args.push_back(std::move(a));
      return checked(std::move(e));
    }
    return primary();
  }

  std::unique_ptr<Expr> primary() {
    Token t = tok_;
    switch (t.kind) {
      case Tok::number: {
        advance();
        auto d = Decimal::parse(t.text);
        if (!d) fail(t.pos, "H200", tr("expr.number", {t.text}));
        bool integer = t.text.find('.') == std::string::npos;
        auto e = node(Op::literal, Type::of(integer ? Type::Kind::integer : Type::Kind::decimal), t.pos);
        e->lit.kind = Literal::Kind::number;
        e->lit.i = d->units();
        return e;
      }
      case Tok::string: {
        advance();
        auto e = node(Op::literal, Type::of(Type::Kind::text), t.pos);
        e->lit.kind = Literal::Kind::text;
        e->lit.text = to_nfc(t.text);
        return e;
      }
      case Tok::lparen: {
        advance();
        auto e = expression();
        expect(Tok::rparen, "`)`");
        return e;
      }
      case Tok::ident: break;
      default:
        fail(t.pos, "H200", tr("expr.value", {describe(t)}));
    }
    advance();
    if (t.text == "true" || t.text == "false") {
      auto e = node(Op::literal, Type::of(Type::Kind::boolean), t.pos);
      e->lit.kind = Literal::Kind::boolean;
      e->lit.i = t.text == "true";
      return e;
    }
    static const char* kReserved[] = {"and", "or", "not", "if", "then", "else", "where"};
    for (const char* r : kReserved)
      if (t.text == r) fail(t.pos, "H200", tr("expr.value_word", {t.text}));
    if (tok_.kind == Tok::lparen) return call(t);
    std::string name = t.text;
    while (tok_.kind == Tok::dot) {
      advance();
      if (tok_.kind != Tok::ident) fail(tok_.pos, "H200", tr("expr.dot"));
      name += "." + tok_.text;
      advance();
    }
    return resolve(name, t.pos);
  }

  std::unique_ptr<Expr> resolve(const std::string& name, std::size_t pos) {
    if (member_schema_ >= 0) {
      const Schema& ms = set_.schemas[member_schema_];
      if (const Field* f = ms.find(name)) {
        auto e = node(Op::member_field, f->type, pos);
        e->slot = f->slot;
        e->name = name;
        return e;
      }
      if (name.rfind("result.", 0) == 0 && ms.result_base >= 0) {
        for (int k = 0; k < Schema::kResults; ++k) {
          if (name == Schema::kResultNames[k]) {
            auto e = node(Op::member_field, Type::of(Schema::kResultKinds[k]), pos);
            e->slot = ms.result_base + k;
            e->name = name;
            return e;
          }
        }
        fail(pos, "H201", tr("name.member_result", {name}));
      }
      if (name.rfind("result.", 0) == 0)
        fail(pos, "H201", tr("name.no_title", {name, ms.name}));
    }
    const Schema& top = set_.schemas[0];
    if (const Field* f = top.find(name)) {
      auto e = node(Op::input, f->type, pos);
      e->slot = f->slot;
      e->name = name;
      return e;
    }
    auto p = set_.parameter_index.find(name);
    if (p != set_.parameter_index.end()) {
      auto e = node(Op::param, set_.parameters[p->second].type, pos);
      e->slot = p->second;
      e->name = name;
      return e;
    }
    if (name == "assessment_date") return node(Op::assessment_date, Type::of(Type::Kind::date), pos);
    if (name == "total") {
      if (!ctx_.allow_total) fail(pos, "H201", tr("name.total"));
      return node(Op::total, Type::of(Type::Kind::decimal), pos);
    }
    Text unknown = member_schema_ >= 0 ? tr("name.unknown_member", {name, set_.schemas[member_schema_].name}) : tr("name.unknown", {name});
    fail(pos, "H201", with_suggestion(std::move(unknown), nearest_name(name, names_in_scope())));
  }

  std::unique_ptr<Expr> call(const Token& fn) {
    expect(Tok::lparen, "`(`");
    const std::string& f = fn.text;
    if (f == "count" || f == "share" || f == "all" || f == "any" || f == "sum") return aggregate(fn);
    std::vector<std::unique_ptr<Expr>> args;
    if (tok_.kind != Tok::rparen) {
      args.push_back(expression());
      while (tok_.kind == Tok::comma) {
        advance();
        args.push_back(expression());
      }
    }
    expect(Tok::rparen, "`)` or `,`");
    auto arity = [&](std::size_t lo, std::size_t hi) {
      if (args.size() < lo || args.size() > hi) {
        Text want = lo == hi ? Text{std::to_string(lo), std::to_string(lo)}
                             : Text{std::to_string(lo) + " to " + std::to_string(hi), std::to_string(lo) + " đến " + std::to_string(hi)};
        fail(fn.pos, "H203", tr(hi == 1 ? "expr.arity_one" : "expr.arity", {f, want, std::to_string(args.size())}));
      }
    };
    auto numeric = [&](const Expr& a) {
      if (!a.type.numeric()) fail(a.pos, "H202", tr("expr.numbers1", {f, tname(a.type)}));
    };
    if (f == "min" || f == "max") {
      arity(2, kMaxOperatorArgs);
      bool all_int = true;
      for (auto& a : args) { numeric(*a); all_int = all_int && a->type.kind == Type::Kind::integer; }
      auto e = node(f == "min" ? Op::min : Op::max, Type::of(all_int ? Type::Kind::integer : Type::Kind::decimal), fn.pos);
      e->args = std::move(args);
      return checked(std::move(e));
    }
    if (f == "floor" || f == "ceil" || f == "round") {
      arity(1, 2);
      numeric(*args[0]);
      int digits = 0;
      if (args.size() == 2) {
        const Expr& d = *args[1];
        if (d.op != Op::literal || d.type.kind != Type::Kind::integer || d.lit.i < 0 || d.lit.i > 6 * Decimal::kOne)
          fail(d.pos, "H202", tr("expr.digits", {f}));
        digits = static_cast<int>(d.lit.i / Decimal::kOne);
        args.pop_back();
      }
      Op op = f == "floor" ? Op::floor : f == "ceil" ? Op::ceil : Op::round;
      auto e = node(op, Type::of(digits == 0 ? Type::Kind::integer : Type::Kind::decimal), fn.pos);
      e->slot = digits;
      e->args = std::move(args);
      return checked(std::move(e));
    }
    if (f == "abs") {
      arity(1, 1);
      numeric(*args[0]);
      auto e = node(Op::abs, args[0]->type, fn.pos);
      e->args = std::move(args);
      return checked(std::move(e));
    }
    if (f == "years_between") {
      arity(2, 2);
      for (auto& a : args)
        if (a->type.kind != Type::Kind::date) fail(a->pos, "H202", tr("expr.years_between", {tname(a->type)}));
      auto e = node(Op::years_between, Type::of(Type::Kind::integer), fn.pos);
      e->args = std::move(args);
      return checked(std::move(e));
    }
    if (f == "date") {
      arity(1, 1);
      const Expr& a = *args[0];
      std::optional<Date> d;
      if (a.op == Op::literal && a.lit.kind == Literal::Kind::text) d = Date::parse(a.lit.text);
      if (!d) fail(a.pos, "H202", tr("expr.date_literal"));
      auto e = node(Op::literal, Type::of(Type::Kind::date), fn.pos);
      e->lit.kind = Literal::Kind::date;
      e->lit.i = d->days();
      return e;
    }
    static const std::vector<std::string> kFunctions = {"count", "share", "all", "any", "sum", "min", "max", "floor",
                                                        "ceil", "round", "abs", "years_between", "date"};
    fail(fn.pos, "H203", with_suggestion(tr("expr.unknown_function", {f}), nearest_name(f, kFunctions)));
  }

  // AGG(list [where filter] [, body])
  std::unique_ptr<Expr> aggregate(const Token& fn) {
    const std::string& f = fn.text;
    if (member_schema_ >= 0) fail(fn.pos, "H202", tr("expr.nested_aggregate"));
    if (tok_.kind != Tok::ident) fail(tok_.pos, "H200", tr("expr.aggregate_list", {f, describe(tok_)}));
    Token list_tok = tok_;
    advance();
    const Field* lf = set_.schemas[0].find(list_tok.text);
    if (lf == nullptr) {
      std::vector<std::string> lists;
      for (const Field& x : set_.schemas[0].fields)
        if (x.type.kind == Type::Kind::list) lists.push_back(x.name);
      fail(list_tok.pos, "H201", with_suggestion(tr("name.list", {list_tok.text}), nearest_name(list_tok.text, lists)));
    }
    if (lf->type.kind != Type::Kind::list)
      fail(list_tok.pos, "H202", tr("expr.aggregate_not_list", {f, list_tok.text, tname(lf->type)}));
    auto list = node(Op::input, lf->type, list_tok.pos);
    list->slot = lf->slot;
    list->name = list_tok.text;
    member_schema_ = lf->type.schema;
    std::unique_ptr<Expr> filter, body;
    if (is_word("where")) {
      advance();
      filter = expression();
      require_bool(*filter, tr("part.where"));
    }
    if (tok_.kind == Tok::comma) {
      advance();
      body = expression();
    }
    member_schema_ = -1;
    expect(Tok::rparen, "`)`");
    Type t;
    if (f == "count") {
      if (body) fail(body->pos, "H203", tr("expr.count_args"));
      t = Type::of(Type::Kind::integer);
    } else if (f == "sum") {
      if (!body) fail(fn.pos, "H203", tr("expr.sum_value"));
      if (!body->type.numeric()) fail(body->pos, "H202", tr("expr.sum_numbers", {tname(body->type)}));
      t = body->type;
    } else {
      if (!body) fail(fn.pos, "H203", tr("expr.aggregate_condition", {f, f}));
      require_bool(*body, tr("part.condition_of", {f}));
      t = Type::of(f == "share" ? Type::Kind::decimal : Type::Kind::boolean);
    }
    Op op = f == "count" ? Op::count : f == "share" ? Op::share : f == "all" ? Op::all : f == "any" ? Op::any : Op::sum;
    auto e = node(op, t, fn.pos);
    e->args.push_back(std::move(list));
    e->args.push_back(std::move(filter));
    e->args.push_back(std::move(body));
    return checked(std::move(e));
  }

  void require_bool(const Expr& e, Text what) {
    if (e.type.kind != Type::Kind::boolean) fail(e.pos, "H202", tr("expr.not_bool", {std::move(what), tname(e.type)}));
  }

  Type unify(const Expr& a, const Expr& b, std::size_t pos, Text what) {
    if (a.type == b.type) return a.type;
    if (a.type.numeric() && b.type.numeric()) return Type::of(Type::Kind::decimal);
    fail(pos, "H202", tr("expr.different_types", {std::move(what), tname(a.type), tname(b.type)}));
  }
};

void collect_inputs(const Expr& e, std::vector<int>& out) {
  if (e.op == Op::input) {
    for (int s : out) if (s == e.slot) return;
    out.push_back(e.slot);
  }
  for (const auto& a : e.args) if (a) collect_inputs(*a, out);
}

}  // namespace

std::string type_name(const Type& t, const CompiledSet& set) {
  switch (t.kind) {
    case Type::Kind::boolean: return "bool";
    case Type::Kind::integer: return "int";
    case Type::Kind::decimal: return "decimal";
    case Type::Kind::date: return "date";
    case Type::Kind::text: return "text";
    case Type::Kind::category: return "category `" + set.scales[t.scale].id + "`";
    case Type::Kind::list: return "list `" + set.schemas[t.schema].name + "`";
    case Type::Kind::error: break;
  }
  return "error";
}

Formula compile_expression(const std::string& text, const ExprContext& context, std::vector<ExprError>& errors) {
  Formula f;
  f.text = text;
  if (text.size() > kMaxExpressionBytes) {
    Text m = tr("expr.too_long", {std::to_string(text.size()), std::to_string(kMaxExpressionBytes)});
    errors.push_back({0, "H205", std::move(m.en), std::move(m.vi)});
    return f;
  }
  try {
    Parser p(text, context, errors);
    f.root = p.parse_all();
    collect_inputs(*f.root, f.inputs);
  } catch (const Failure&) {
    f.root.reset();
  }
  return f;
}

}  // namespace hoctap::internal

namespace hoctap::internal {
namespace {

class ShapeNumbers {
 public:
  explicit ShapeNumbers(CompiledSet& set) : set_(set) {}

  void formula(Formula& f) {
    if (f.root) number(*f.root);
  }

  int number(Expr& e) {
    std::string key;
    key += std::to_string(static_cast<int>(e.op)) + ',' + std::to_string(static_cast<int>(e.type.kind)) + ',' +
           std::to_string(e.type.scale) + ',' + std::to_string(e.type.schema) + ',' + std::to_string(static_cast<int>(e.lit.kind)) +
           ',' + std::to_string(e.lit.i) + ',' + std::to_string(e.slot) + ',' + std::to_string(e.lit.text.size()) + ':' + e.lit.text + '(';
    for (auto& a : e.args) key += (a ? std::to_string(number(*a)) : std::string("-")) + ',';
    key += ')';
    auto [it, fresh] = ids_.emplace(std::move(key), set_.shapes);
    if (fresh) ++set_.shapes;
    e.shape = it->second;
    return e.shape;
  }

 private:
  CompiledSet& set_;
  std::unordered_map<std::string, int> ids_;
};

}  // namespace

void number_shapes(CompiledSet& set) {
  set.shapes = 0;
  ShapeNumbers numbers(set);
  for_each_formula(set, [&](Formula& f) { numbers.formula(f); });
}

}  // namespace hoctap::internal
