/* hocso: how pages write dates, times, percents and counts: the Vietnamese way, and in Vietnam's time zone, the one
   the programme's dates belong to (a phone set to another zone sees the same day as the certificate and the report).
   Loaded only by the pages that show them: the test, the account pages, the focal official's page, the verification
   page, the administrators'. */
(function () {
  "use strict";
  var ZONE = "Asia/Ho_Chi_Minh";
  var DAY = { timeZone: ZONE, day: "2-digit", month: "2-digit", year: "numeric" };

  /* dd/mm/yyyy (mm/yyyy for a month): a date ("2026-11-23") as written, an ISO time as its day in Vietnam; "—" for none. */
  function day(value) {
    if (!value) return "—";
    if (value.length <= 10) return value.split("-").reverse().join("/");
    return new Date(value).toLocaleDateString("vi-VN", DAY);
  }

  /* "hh:mm dd/mm/yyyy" in Vietnam, for a Date or an ISO time. */
  function moment(value) {
    return new Date(value).toLocaleString("vi-VN", { timeZone: ZONE, day: "2-digit", month: "2-digit", year: "numeric", hour: "2-digit", minute: "2-digit" });
  }

  /* "hh:mm:ss" in Vietnam. */
  function clock(value) {
    return new Date(value).toLocaleTimeString("vi-VN", { timeZone: ZONE, hour: "2-digit", minute: "2-digit", second: "2-digit" });
  }

  /* "85,5%": one decimal at most, a decimal comma; "—" when there is no figure yet. */
  function percent(value) {
    return value === null || value === undefined ? "—" : String(Math.round(value * 10) / 10).replace(".", ",") + "%";
  }

  /* "12.345": thousands grouped with dots. */
  function count(value) { return Number(value).toLocaleString("vi-VN"); }

  window.hocsoFormat = { day: day, moment: moment, clock: clock, percent: percent, count: count };
})();
