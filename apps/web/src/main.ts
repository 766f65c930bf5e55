import '@digital-go-jp/design-tokens/dist/tokens.css';
import './app/theme.css';
import { createPinia } from 'pinia';
import { createApp } from 'vue';
import App from './app/App.vue';
import { createAppRouter } from './app/router';
import { useAuthStore } from './features/auth/auth.store';
import { i18n, syncDocumentLanguage } from './i18n';

const pinia = createPinia();
const app = createApp(App).use(pinia).use(i18n);
syncDocumentLanguage();

// Sign-in first: keycloak-js takes its callback out of the URL before the router reads it.
await useAuthStore(pinia).start();
app.use(createAppRouter()).mount('#app');
