//! A small on-device language identifier for chat messages: English, Spanish, French, German
//! or Portuguese.
//!
//! Tacit understands English only; a message in another language must get, in that language,
//! a short reply saying so instead of a guess from the English model (which matches loan words
//! such as "APR" and answers the wrong question). Short chat messages give little to go on, so
//! two signals are combined:
//! - common words of each language (function words and everyday banking words), counted only
//!   when they are not also English words ("die", "was", "me" say nothing);
//! - character trigram profiles, built once from short sample texts written for Tacit (no
//!   third-party corpus), smoothed, scored as average log-likelihood per trigram.
//!
//! English is the default: another language is chosen only with word or diacritic evidence
//! and a better trigram score than English, so "bal?" or "txns" stay English.

use std::collections::HashMap;
use std::sync::OnceLock;
use crate::words::Words;

/// A language the identifier knows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Language {
    /// English (the language Tacit answers in).
    English,
    /// Spanish.
    Spanish,
    /// French.
    French,
    /// German.
    German,
    /// Portuguese.
    Portuguese,
}

const OTHERS: [Language; 4] = [
    Language::Spanish,
    Language::French,
    Language::German,
    Language::Portuguese,
];

impl Language {
    /// ISO 639-1 code.
    pub fn code(&self) -> &'static str {
        match self {
            Language::English => "en",
            Language::Spanish => "es",
            Language::French => "fr",
            Language::German => "de",
            Language::Portuguese => "pt",
        }
    }

    /// The reply to a message in this language: in the language itself, saying which
    /// languages Tacit understands. `None` for English.
    pub fn unsupported_reply(&self) -> Option<&'static str> {
        Some(match self {
            Language::English => return None,
            Language::Spanish => {
                "Lo siento, por ahora solo entiendo mensajes en inglés. Escríbeme en inglés, por ejemplo: \"what's my balance?\""
            }
            Language::French => {
                "Désolé, pour l'instant je ne comprends que les messages en anglais. Écrivez-moi en anglais, par exemple : « what's my balance? »"
            }
            Language::German => {
                "Entschuldigung, im Moment verstehe ich nur Nachrichten auf Englisch. Schreib mir bitte auf Englisch, zum Beispiel: „what's my balance?“"
            }
            Language::Portuguese => {
                "Desculpe, por enquanto só entendo mensagens em inglês. Escreva para mim em inglês, por exemplo: \"what's my balance?\""
            }
        })
    }

    fn words(&self) -> Words {
        match self {
            Language::English => EN_WORDS,
            Language::Spanish => ES_WORDS,
            Language::French => FR_WORDS,
            Language::German => DE_WORDS,
            Language::Portuguese => PT_WORDS,
        }
    }

    fn sample(&self) -> &'static str {
        match self {
            Language::English => EN_SAMPLE,
            Language::Spanish => ES_SAMPLE,
            Language::French => FR_SAMPLE,
            Language::German => DE_SAMPLE,
            Language::Portuguese => PT_SAMPLE,
        }
    }

    /// Characters that occur in this language and never in plain English text.
    fn marks(&self) -> &'static str {
        match self {
            Language::English => "",
            Language::Spanish => "ñ¿¡áíóú",
            Language::French => "àâçèéêëîïôûœ",
            Language::German => "äöüß",
            Language::Portuguese => "ãõçáâêéíóôú",
        }
    }
}

const EN_WORDS: Words = Words(
    "a|i|me|my|the|is|are|was|what|how|much|did|do|in|on|at|to|for|of|and|or|no|not|an|die|also|will\
     |man|hat|bald|as|so|son|come|can|has|had|but|all|fine|pain|chat|sale|sole|plus|dose|pie|gift\
     |kind|rat|rate|top|total|limit|card|cash|bank|online|app|ok|hi|hey|via|apr|pin|visa|paypal|euro\
     |euros|us|it|you|your|this|that|last|month|week|year|today|spend|spent|balance|show|pay|bill\
     |charge|from|with|why|when|where|please|pls|points|credit|debit|account|number|new|time|now|off\
     |ai|s|t|d|ll|re|ve|m|im|lets|whats|yesterday|open|payment|savings|best|interest|order|more\
     |options|checks|be|get|any|there|here|out|up|if|be|we|they|he|she|our|who|want|need|would|like\
     |tell|give|let|make|fact|fun|good|day",
);
const ES_WORDS: Words = Words(
    "el|los|las|mi|mis|es|qué|que|cuál|cual|cuánto|cuanto|cuánta|dinero|saldo|cuenta|tarjeta|gasté\
     |gaste|gastos|pagar|pago|por|favor|quiero|tengo|puedo|mes|pasado|este|esta|semana|año|hoy|ayer\
     |cuándo|cuando|vence|factura|crédito|débito|bloquear|perdí|robaron|hola|gracias|dónde|donde|del\
     |una|un|y|hay|mío|muestra|movimientos|transferir|ahorros|límite|cargo|cobro|cobraron|compras|qué\
     |necesito|ayuda|mí|también|cuántos|puntos|número|ruta|mucho|tarjetas|cuentas|está|estoy|fue|hice\
     |dime|dame|ver|quisiera|pagué|bloquea|nueva",
);
const FR_WORDS: Words = Words(
    "le|les|mon|ma|mes|est|quel|quelle|combien|argent|solde|compte|carte|dépensé|depense|dépenses\
     |payer|paiement|je|j|ai|ma|suis|mois|dernier|cette|semaine|année|aujourd|hui|hier|quand|facture\
     |crédit|bloquer|perdu|volé|bonjour|merci|où|ou|du|des|une|un|et|il|y|a|montre|moi|mouvements\
     |virement|épargne|plafond|prélèvement|achats|besoin|aide|aussi|points|numéro|beaucoup|cartes\
     |comptes|qu|ce|c|était|fait|dis|donne|voir|voudrais|payé|nouvelle|mon|pouvez|vous|faire|s|il\
     |plaît|plait|chez|sur|dans|avec|pas",
);
const DE_WORDS: Words = Words(
    "der|das|mein|meine|meinen|meinem|ist|wie|viel|geld|kontostand|konto|karte|ausgegeben|ausgaben\
     |bezahlen|zahlung|ich|habe|bin|monat|letzten|letzte|diese|diesen|woche|jahr|heute|gestern|wann\
     |rechnung|kredit|sperren|verloren|gestohlen|hallo|danke|wo|ein|eine|und|es|gibt|zeig|zeige|mir\
     |umsätze|überweisen|überweisung|sparkonto|limit|abbuchung|einkäufe|brauche|hilfe|auch|punkte\
     |nummer|bitte|karten|konten|war|gemacht|sag|gib|sehen|möchte|bezahlt|neue|können|sie|bei|auf|im\
     |mit|nicht|kein|keine|was|welche|welcher|wieviel|guthaben|kreditkarte|girokonto|fällig|zinsen",
);
const PT_WORDS: Words = Words(
    "o|os|as|meu|minha|meus|minhas|é|qual|quanto|quanta|dinheiro|saldo|conta|cartão|cartao|gastei\
     |gastos|pagar|pagamento|por|favor|quero|tenho|posso|mês|mes|passado|este|esta|semana|ano|hoje\
     |ontem|quando|vence|fatura|crédito|débito|bloquear|perdi|roubaram|olá|ola|oi|obrigado|obrigada\
     |onde|do|da|dos|das|uma|um|e|tem|mostra|mostre|movimentos|extrato|transferir|poupança|limite\
     |cobrança|compras|preciso|ajuda|também|pontos|número|muito|cartões|contas|está|estou|foi|fiz|diz\
     |me|dá|ver|gostaria|paguei|novo|nova|você|não|no|na|com|em",
);

const EN_SAMPLE: &str = "what is my balance how much did i spend on groceries last month \
show me my recent transactions when is my credit card bill due i lost my card please freeze \
it what is the routing number for my checking account how much money do i have in savings \
can you tell me the interest rate on my card did netflix charge me twice this week why was my \
card declined at the store i want to pay my electric bill transfer money to my savings \
account what are my reward points worth how much have i spent at the coffee shop this year \
there is a charge i do not recognise someone stole my wallet with my cards in it";
const ES_SAMPLE: &str = "cuál es mi saldo cuánto gasté en el supermercado el mes pasado \
muéstrame mis movimientos recientes cuándo vence la factura de mi tarjeta de crédito perdí \
mi tarjeta por favor bloquéala cuál es el número de ruta de mi cuenta corriente cuánto \
dinero tengo en mis ahorros puedes decirme la tasa de interés de mi tarjeta me cobraron dos \
veces esta semana por qué rechazaron mi tarjeta en la tienda quiero pagar la factura de la \
luz transferir dinero a mi cuenta de ahorros cuántos puntos tengo cuánto he gastado en la \
cafetería este año hay un cargo que no reconozco me robaron la cartera con las tarjetas";
const FR_SAMPLE: &str = "quel est mon solde combien ai-je dépensé en courses le mois \
dernier montre-moi mes dernières opérations quand dois-je payer la facture de ma carte de \
crédit j'ai perdu ma carte s'il vous plaît bloquez-la quel est le numéro de routage de mon \
compte courant combien d'argent ai-je sur mon livret d'épargne pouvez-vous me dire le taux \
d'intérêt de ma carte on m'a débité deux fois cette semaine pourquoi ma carte a été refusée \
au magasin je veux payer ma facture d'électricité faire un virement vers mon compte épargne \
combien de points j'ai combien j'ai dépensé au café cette année il y a un prélèvement que \
je ne reconnais pas on m'a volé mon portefeuille avec mes cartes";
const DE_SAMPLE: &str = "wie hoch ist mein kontostand wie viel habe ich letzten monat für \
lebensmittel ausgegeben zeig mir meine letzten umsätze wann ist die rechnung meiner \
kreditkarte fällig ich habe meine karte verloren bitte sperren wie lautet die bankleitzahl \
meines girokontos wie viel geld habe ich auf dem sparkonto kannst du mir den zinssatz meiner \
karte sagen ich wurde diese woche zweimal belastet warum wurde meine karte im geschäft \
abgelehnt ich möchte meine stromrechnung bezahlen geld auf mein sparkonto überweisen wie \
viele punkte habe ich wie viel habe ich dieses jahr im café ausgegeben da ist eine abbuchung \
die ich nicht kenne jemand hat meine geldbörse mit meinen karten gestohlen";
const PT_SAMPLE: &str = "qual é o meu saldo quanto gastei no supermercado no mês passado \
mostre minhas transações recentes quando vence a fatura do meu cartão de crédito perdi meu \
cartão por favor bloqueie qual é o número de agência da minha conta corrente quanto dinheiro \
tenho na poupança pode me dizer a taxa de juros do meu cartão fui cobrado duas vezes esta \
semana por que meu cartão foi recusado na loja quero pagar a conta de luz transferir \
dinheiro para minha poupança quantos pontos eu tenho quanto gastei na cafeteria este ano \
tem uma cobrança que não reconheço roubaram minha carteira com os meus cartões";

/// A language's trigram log-probabilities and the floor for unseen trigrams.
struct Profile {
    logp: HashMap<[char; 3], f32>,
    unseen: f32,
}

fn trigrams(text: &str) -> Vec<[char; 3]> {
    let mut out = Vec::new();
    for word in text
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
        .take(200)
    {
        let chars: Vec<char> = std::iter::once(' ')
            .chain(word.chars().flat_map(char::to_lowercase).take(30))
            .chain(std::iter::once(' '))
            .collect();
        out.extend(chars.windows(3).map(|w| [w[0], w[1], w[2]]));
    }
    out
}

fn profile(sample: &str) -> Profile {
    let mut counts: HashMap<[char; 3], u32> = HashMap::new();
    let grams = trigrams(sample);
    for g in &grams {
        *counts.entry(*g).or_default() += 1;
    }
    // Add-one smoothing over the seen trigrams plus an allowance for unseen ones.
    let total = grams.len() as f32 + counts.len() as f32 + 2_000.0;
    let logp = counts
        .into_iter()
        .map(|(g, c)| (g, ((c as f32 + 1.0) / total).ln()))
        .collect();
    Profile {
        logp,
        unseen: (1.0 / total).ln(),
    }
}

fn profiles() -> &'static [(Language, Profile); 5] {
    static P: OnceLock<[(Language, Profile); 5]> = OnceLock::new();
    P.get_or_init(|| {
        [
            Language::English,
            Language::Spanish,
            Language::French,
            Language::German,
            Language::Portuguese,
        ]
        .map(|l| (l, profile(l.sample())))
    })
}

fn trigram_score(p: &Profile, grams: &[[char; 3]]) -> f32 {
    if grams.is_empty() {
        return 0.0;
    }
    let sum: f32 = grams
        .iter()
        .map(|g| p.logp.get(g).copied().unwrap_or(p.unseen))
        .sum();
    sum / grams.len() as f32
}

/// The language of a chat message; English when the evidence is weak (short forms, names,
/// digits, emoji).
pub fn identify(text: &str) -> Language {
    let head: String = text.chars().take(400).collect::<String>().to_lowercase();
    let words: Vec<&str> = head
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
        .collect();
    if words.is_empty() {
        return Language::English;
    }
    let english_hits = words.iter().filter(|w| EN_WORDS.contains(w)).count();
    let grams = trigrams(&head);
    let table = profiles();
    let tri = |l: Language| {
        table
            .iter()
            .find(|(k, _)| *k == l)
            .map_or(f32::NEG_INFINITY, |(_, p)| trigram_score(p, &grams))
    };
    let english = tri(Language::English);
    let mut best: Option<(f32, Language)> = None;
    for lang in OTHERS {
        let hits = words
            .iter()
            .filter(|w| lang.words().contains(w) && !EN_WORDS.contains(w))
            .count();
        let marked = head.chars().any(|c| lang.marks().contains(c));
        // Evidence: more words of the language (that are not English) than English words, or
        // one such word and a letter English never uses.
        let evidence = hits > 0 && (hits > english_hits || marked);
        if !evidence {
            continue;
        }
        let score = tri(lang) + 1.5 * hits as f32 / words.len() as f32;
        if score > english && best.is_none_or(|(s, _)| score > s) {
            best = Some((score, lang));
        }
    }
    best.map_or(Language::English, |(_, l)| l)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(lang: Language, texts: &[&str]) {
        for t in texts {
            assert_eq!(identify(t), lang, "{t}");
        }
    }

    #[test]
    fn short_spanish() {
        check(
            Language::Spanish,
            &[
                "¿cuál es mi saldo?",
                "cuanto gaste en uber este mes",
                "bloquea mi tarjeta por favor",
                "¿qué APR tengo?",
                "muéstrame mis movimientos",
                "perdí mi tarjeta",
                "hola, necesito ayuda con mi cuenta",
            ],
        );
    }

    #[test]
    fn short_french() {
        check(
            Language::French,
            &[
                "quel est mon solde ?",
                "combien j'ai dépensé chez amazon",
                "bloquer ma carte s'il vous plaît",
                "j'ai perdu ma carte",
                "montre-moi mes derniers achats",
                "bonjour, c'est quoi mon plafond",
            ],
        );
    }

    #[test]
    fn short_german() {
        check(
            Language::German,
            &[
                "wie hoch ist mein kontostand?",
                "Karte sperren bitte",
                "wie viel habe ich bei rewe ausgegeben",
                "ich habe meine Karte verloren",
                "zeig mir meine Umsätze",
                "wann ist die Rechnung fällig",
            ],
        );
    }

    #[test]
    fn short_portuguese() {
        check(
            Language::Portuguese,
            &[
                "qual é o meu saldo?",
                "quanto gastei no ifood este mês",
                "bloquear meu cartão",
                "perdi meu cartão",
                "mostre meu extrato",
                "olá, preciso de ajuda com a minha conta",
            ],
        );
    }

    #[test]
    fn english_stays_english() {
        check(
            Language::English,
            &[
                "bal?",
                "txns",
                "$$?",
                "what's my balance",
                "how much at starbucks this year",
                "did netflix charge me twice?",
                "freeze card",
                "cn u lock my card real quick",
                "sum1 stole my wallet w my card in it",
                "how much did I spend at Taco Bell",
                "show me the casa bonita charge",
                "transfer 50 euros to savings",
                "what is the APR on my visa",
                "declined??",
                "🎉",
                "",
                "1234",
                "me and my wife spent how much on la croix",
                "was there a charge from pizza hut",
            ],
        );
    }

    #[test]
    fn replies_exist_except_english() {
        assert!(Language::English.unsupported_reply().is_none());
        for l in OTHERS {
            let r = l.unsupported_reply().unwrap_or_default();
            assert!(!r.is_empty() && !r.chars().any(|c| c.is_ascii_digit()));
        }
    }
}
