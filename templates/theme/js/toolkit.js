/* Improvements for browsers with JavaScript; every page works without it. */
(function () {
  "use strict";

  /* X's weighted length (twitter-text configuration v3): a link counts 23, most CJK and emoji count 2. */
  function weightedLength(text) {
    var length = 0;
    var rest = text.replace(/https?:\/\/[^\s\u2066-\u2069]+/g, function () { length += 23; return ""; });
    for (var ch of rest) {
      var c = ch.codePointAt(0);
      var light = c <= 4351 || (c >= 8192 && c <= 8205) || (c >= 8208 && c <= 8223) || (c >= 8242 && c <= 8247);
      length += light ? 1 : 2;
    }
    return length;
  }

  document.querySelectorAll("textarea.post-text").forEach(function (post) {
    var counter = document.getElementById(post.getAttribute("aria-describedby"));
    post.addEventListener("input", function () {
      var length = weightedLength(post.value);
      counter.textContent = counter.dataset.format.replace("{count}", length);
      counter.classList.toggle("over-limit", length > 280);
    });
  });

  /* Post boxes as tall as their text where CSS field-sizing is unknown (site.css sizes them elsewhere). */
  if (!(window.CSS && CSS.supports("field-sizing", "content"))) {
    var fit = function (box) {
      box.style.height = "auto";
      box.style.height = box.scrollHeight + box.offsetHeight - box.clientHeight + "px";
    };
    document.querySelectorAll("textarea.post-text").forEach(function (box) {
      fit(box);
      box.addEventListener("input", function () { fit(box); });
    });
    window.addEventListener("resize", function () { document.querySelectorAll("textarea.post-text").forEach(fit); });
  }

  document.querySelectorAll("button.copy-post").forEach(function (button) {
    var label = button.textContent;
    button.hidden = false; /* copying needs a script, so the button shows only where one runs */
    button.addEventListener("click", function () {
      var post = document.getElementById(button.dataset.copy);
      var done = function () {
        button.textContent = button.dataset.copied;
        setTimeout(function () { button.textContent = label; }, 2000);
      };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(post.value).then(done, function () { post.select(); });
      } else {
        post.select();
        if (document.execCommand("copy")) { done(); }
      }
    });
  });

  /* The header's menu and language buttons (<details>, which open without a script): one open at a time,
     and Escape or a click elsewhere closes them, as people expect of a menu. */
  var buttons = document.querySelectorAll(".site-header details");
  buttons.forEach(function (details) {
    details.addEventListener("toggle", function () {
      if (!details.open) { return; }
      buttons.forEach(function (other) { if (other !== details) { other.open = false; } });
    });
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") { return; }
    buttons.forEach(function (details) {
      if (!details.open) { return; }
      var within = details.parentNode.contains(document.activeElement);
      details.open = false;
      if (within) { details.querySelector("summary").focus(); }
    });
  });
  document.addEventListener("click", function (event) {
    buttons.forEach(function (details) {
      if (details.open && !details.parentNode.contains(event.target)) { details.open = false; }
    });
  });

  var filter = document.querySelector("form.resource-filter");
  if (filter) {
    var count = filter.querySelector(".filter-count");
    var services = document.querySelectorAll(".resource");
    var update = function () {
      var shown = Array.prototype.filter.call(services, function (s) { return s.getClientRects().length > 0; }).length;
      count.textContent = count.dataset.format.replace("{shown}", shown).replace("{total}", services.length);
    };
    filter.addEventListener("change", update);
    filter.addEventListener("submit", function (event) { event.preventDefault(); });
    update();
  }
})();

/* Site search over this language's pages (search-index.json, written by the builder). */
(function () {
  "use strict";
  var form = document.querySelector("form.site-search");
  if (!form) { return; }
  var input = form.querySelector("input[name=q]");
  var status = document.querySelector(".search-status");
  var list = document.querySelector(".search-results");
  var pages = fetch(form.dataset.index).then(function (response) { return response.json(); });

  /* Case and accents do not matter: "educacion" finds "educación". */
  function fold(text) { return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase(); }

  function snippet(text, word) {
    var at = Math.max(0, fold(text).indexOf(word) - 60);
    return (at > 0 ? "…" : "") + text.slice(at, at + 180) + "…";
  }

  function search(query) {
    var words = fold(query).split(/\s+/).filter(Boolean);
    pages.then(function (all) {
      list.textContent = "";
      if (!words.length) { status.textContent = ""; return; }
      var found = all.filter(function (page) {
        var haystack = fold(page.title + " " + page.text);
        return words.every(function (word) { return haystack.indexOf(word) !== -1; });
      });
      found.forEach(function (page) {
        var item = document.createElement("li");
        var link = document.createElement("a");
        link.href = page.url;
        link.textContent = page.title;
        var text = document.createElement("p");
        text.textContent = snippet(page.text, words[0]);
        item.append(link, text);
        list.append(item);
      });
      status.textContent = form.dataset.found.replace("{count}", found.length);
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    history.replaceState(null, "", "?q=" + encodeURIComponent(input.value));
    search(input.value);
  });
  var query = new URLSearchParams(location.search).get("q");
  if (query) { input.value = query; search(query); }
})();
