// A national ID typed into the name box is searched with the posted ID form instead, so the
// number never reaches the address bar, the browser history or a server's access log.
(function () {
  "use strict";
  var search = document.getElementById("person-search");
  var idForm = document.getElementById("national-id-search");
  if (!search || !idForm) return;
  var nameBox = search.querySelector("input[name=q]");
  var idBox = idForm.querySelector("input[name=national_id]");
  if (!nameBox || !idBox) return;
  search.addEventListener("submit", function (event) {
    var digits = nameBox.value.replace(/[\s-]/g, "");
    if (digits.length >= 6 && /^\d+$/.test(digits)) {
      event.preventDefault();
      idBox.value = nameBox.value;
      nameBox.value = "";
      idForm.submit();
    }
  });
})();
