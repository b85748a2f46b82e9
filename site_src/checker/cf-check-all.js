// "Check everything": every field still to fill is shown as a problem now, not only the
// ones the user has left (GOV.UK's pattern: errors after an attempt, not before).
export function mount(button, app) {
  app.listen(button, "click", () => {
    app.checkAll = true;
    app.emit("shown");
    const result = app.root.querySelector("#cf-result");
    if (result) result.focus();
  });
  app.on("load", () => { button.setAttribute("aria-pressed", String(app.checkAll)); });
  app.on("shown", () => { button.setAttribute("aria-pressed", String(app.checkAll)); });
}
