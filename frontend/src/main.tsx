import "@fontsource-variable/inter";
import "@digdir/designsystemet-css";
import "./app/theme/samspill.css";
import "./app/app.css";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./app/App";
import { setUpI18n } from "./app/i18n";

setUpI18n();
const root = document.getElementById("root");
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
