/* The "Save to Second Chance" bookmarklet, run on a job ad in the seeker's own browser (pages
   behind a login, which the server cannot read). It reads the page's schema.org JobPosting
   (JSON-LD) when there is one, else only the page's title and address, and opens the app's
   new-application page in a new tab with them in the query (applications.postings.from_query
   reads it; that page only prefills, it never saves). Nothing else is sent anywhere.
   applications/templatetags/bookmarklet.py makes it a javascript: link: it drops this comment,
   joins the lines, and puts the app's address in place of "APP_URL". So: statements end with
   semicolons, no line comments, no strings that need two spaces in a row. */
(function () {
  var app = "APP_URL";
  var limit = 3900;
  var found = null;
  var look = function (node) {
    if (found || !node || typeof node !== "object") { return; }
    if (Array.isArray(node)) { node.forEach(look); return; }
    if ([].concat(node["@type"] || []).indexOf("JobPosting") >= 0) { found = node; return; }
    look(node["@graph"]);
  };
  document.querySelectorAll("script[type^='application/ld+json']").forEach(function (script) {
    try { look(JSON.parse(script.textContent)); } catch (error) { return; }
  });
  var address = function (posting) {
    var query = new URLSearchParams({ url: location.href, title: document.title.slice(0, 300) });
    if (posting) { query.set("posting", posting); }
    return app + "?" + query.toString();
  };
  var posting = "";
  if (found) {
    var keep = {};
    ["@type", "title", "hiringOrganization", "jobLocation", "jobLocationType",
     "applicantLocationRequirements", "baseSalary", "datePosted", "employmentType",
     "description"].forEach(function (key) {
      if (key in found) { keep[key] = found[key]; }
    });
    keep.description = String(keep.description || "");
    posting = JSON.stringify(keep);
    while (address(posting).length > limit && keep.description) {
      keep.description = keep.description.slice(0, Math.floor(keep.description.length * 0.8));
      posting = JSON.stringify(keep);
    }
    if (address(posting).length > limit) { posting = ""; }
  }
  window.open(address(posting), "_blank");
})();
