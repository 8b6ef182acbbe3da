import { describeSigkill } from './sigkill.cases';

describeSigkill('a gateway process SIGKILLed under load, on embedded SQLite', () => ({}));
